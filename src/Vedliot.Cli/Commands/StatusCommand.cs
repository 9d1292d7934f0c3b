using System.CommandLine;
using Vedliot.Cli.Output;
using Vedliot.Hosting.Broker;
using Vedliot.Messaging.Client;
using Vedliot.Messaging.Packets;
using Vedliot.Messaging.RequestResponse;
using Vedliot.Runtime;
using Vedliot.Runtime.Deployment.Protocol;

namespace Vedliot.Cli.Commands;

/// <summary><c>vedliot status</c>: the running deployments' status as their orchestrators last published it (retained on the broker).</summary>
internal static class StatusCommand
{
    // Retained messages arrive right after subscribing; an hour covers any slow link and still ends.
    private const double MaxWaitSeconds = 3600;

    public static Command Create(CliContext context)
    {
        var useCase = new Argument<string?>("usecase") { Description = "Only this use case's deployment.", Arity = ArgumentArity.ZeroOrOne };
        var broker = new BrokerCommandLine();
        var wait = new Option<double>("--wait") { Description = "Longest wait for the broker's retained status, in seconds.", DefaultValueFactory = _ => 3 }.Number(0, MaxWaitSeconds);
        var json = CommonOptions.Json();
        var command = new Command("status", "Show the nodes, their trust, and each pipeline's stages, throughput and latency of the deployments on a broker.") { useCase, wait, json };
        broker.AddTo(command);

        BrokerChecks.Add(broker);

        command.SetAction((parse, cancellationToken) => context.GuardAsync(async () =>
        {
            var topics = new DeploymentTopics();
            var filter = parse.GetValue(useCase) is { } name ? topics.Status(name) : topics.StatusFilter;
            var statuses = new Dictionary<string, MqttApplicationMessage>(StringComparer.Ordinal);
            var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var connection = await broker.BindAsync(parse, Environment.GetEnvironmentVariable, cancellationToken);
            var clientOptions = connection.CreateClientOptions($"vedliot-status-{Environment.ProcessId}", context.TimeProvider);
            await using var client = new MqttClient(clientOptions);
            client.MessageReceivedAsync += args =>
            {
                if (args.Message.Payload.Length > 0)
                {
                    lock (statuses)
                    {
                        statuses[args.Message.Topic] = MqttMessages.Detach(args.Message);
                    }

                    first.TrySetResult();
                }

                return Task.CompletedTask;
            };
            await BrokerConnection.ConnectAsync(client, clientOptions, cancellationToken);
            await client.SubscribeAsync(filter, MqttQualityOfService.AtLeastOnce, cancellationToken);
            // Retained messages follow the SUBACK at once; a moment more lets every deployment's arrive.
            try
            {
                await first.Task.WaitAsync(TimeSpan.FromSeconds(parse.GetValue(wait)), context.TimeProvider, cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(200), context.TimeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                // reported below: nothing arrived
            }

            await client.DisconnectAsync(cancellationToken: cancellationToken);
            List<DeploymentStatus> found;
            lock (statuses)
            {
                found = [.. statuses.Values.OrderBy(m => m.Topic, StringComparer.Ordinal).Select(m => DeploymentMessages.Read<DeploymentStatus>(m, ProtocolContentTypes.Status))];
            }

            if (found.Count == 0)
            {
                throw new VedliotException($"no deployment status on '{filter}' at {connection.Address} (is an orchestrator running `vedliot deploy` or `vedliot demo` there?)");
            }

            if (parse.GetValue(json))
            {
                context.Out.WriteLine(JsonOutput.Serialize(found));
            }
            else
            {
                foreach (var status in found)
                {
                    context.Console.Write(DeploymentStatusView.Render(status));
                }
            }

            return 0;
        }));
        return command;
    }
}
