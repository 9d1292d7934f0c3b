using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Vedliot.Hosting.Node.Stages;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Hosting.Node.Control;

/// <summary>
/// The command worker: takes the orchestrator's commands from the receive handler (without waiting) and carries
/// them out one at a time with a <see cref="CommandHandler"/>, answering each on its response topic; a failure
/// becomes an error reply. After a command that changed the node's stages it asks for a new announcement. Stage
/// traffic never passes here, so answers and commands do not wait on each other.
/// </summary>
internal sealed class CommandWorker(CommandHandler handler, StageTable stages, BrokerPublisher publisher, NodeAnnouncer announcer, ILogger logger)
{
    private readonly Channel<MqttApplicationMessage> _commands = Channel.CreateUnbounded<MqttApplicationMessage>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues a detached command message (never waits).</summary>
    /// <param name="command">The command.</param>
    public void Enqueue(MqttApplicationMessage command) => _commands.Writer.TryWrite(command);

    /// <summary>Takes no more commands; <see cref="RunAsync"/> ends after the queued ones.</summary>
    public void Complete() => _commands.Writer.TryComplete();

    /// <summary>Carries out the commands until <see cref="Complete"/> or cancellation.</summary>
    /// <param name="stoppingToken">Fires when the node stops.</param>
    /// <returns>A task that completes when no more commands come.</returns>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        await foreach (var command in _commands.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            var contentType = command.ContentType ?? "(none)";
            if (string.IsNullOrEmpty(command.ResponseTopic))
            {
                NodeAgentLog.CommandWithoutResponseTopic(logger, contentType, command.Topic);
                continue;
            }

            NodeAgentLog.CommandReceived(logger, contentType);
            var stagesBefore = stages.Keys;
            MqttApplicationMessage reply;
            try
            {
                reply = await handler.HandleAsync(command, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (IsExpected(e))
                {
                    NodeAgentLog.CommandFailed(logger, contentType, e.Message);
                }
                else
                {
                    NodeAgentLog.CommandFailedUnexpectedly(logger, contentType, e);
                }

                reply = DeploymentMessages.ReplyError(command, IsExpected(e) ? e.Message : $"{e.GetType().Name}: {e.Message}");
            }

            await SendReplyAsync(reply, stoppingToken).ConfigureAwait(false);
            if (!stagesBefore.SequenceEqual(stages.Keys))
            {
                announcer.Request();
            }
        }
    }

    private async Task SendReplyAsync(MqttApplicationMessage reply, CancellationToken stoppingToken)
    {
        try
        {
            var result = await publisher.PublishAsync(reply, stoppingToken).ConfigureAwait(false);
            if (!result.IsSuccess)
            {
                NodeAgentLog.PublishRefused(logger, reply.Topic, result.ReasonCode, result.ReasonString);
            }
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or Vedliot.Messaging.Transport.MqttPacketTooLargeException)
        {
            NodeAgentLog.PublishFailed(logger, reply.Topic, e.Message);
        }
    }

    private static bool IsExpected(Exception e) =>
        e is VedliotException or TimeoutException or MqttRequestException or MqttNotConnectedException
        || e.GetType().Namespace?.StartsWith("Vedliot.Attestation", StringComparison.Ordinal) == true;
}
