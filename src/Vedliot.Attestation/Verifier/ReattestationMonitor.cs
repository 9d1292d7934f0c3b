namespace Vedliot.Attestation.Verifier;

/// <summary>Options for <see cref="ReattestationMonitor"/>.</summary>
public sealed class ReattestationOptions
{
    /// <summary>Time between attestation rounds. Default 60 seconds.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a node may take to answer before it is marked untrusted. Default 10 seconds.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Checks the values.</summary>
    /// <exception cref="InvalidOperationException">A value is out of range.</exception>
    public void Validate()
    {
        if (Interval <= TimeSpan.Zero || ResponseTimeout <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("ReattestationOptions.Interval and ResponseTimeout must be positive.");
        }

        if (ResponseTimeout >= Interval)
        {
            throw new InvalidOperationException("ReattestationOptions.ResponseTimeout must be shorter than Interval.");
        }
    }
}

/// <summary>
/// Re-attests watched nodes periodically (timer from the injected <see cref="TimeProvider"/>). Each round sends
/// every node a fresh challenge; a node that answers with bad evidence, fails, or does not answer within
/// <see cref="ReattestationOptions.ResponseTimeout"/> is marked untrusted, which raises
/// <see cref="AttestationVerifier.TrustChanged"/> (a revocation if it was trusted). A round that is still running
/// when the timer fires again is not overlapped. Dispose to stop.
/// </summary>
public sealed class ReattestationMonitor : IAsyncDisposable
{
    private readonly AttestationVerifier _verifier;
    private readonly INodeAttestationChannel _channel;
    private readonly ReattestationOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly HashSet<string> _nodes = new(StringComparer.Ordinal);
    private readonly Lock _nodesLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private ITimer? _timer;
    private Task _currentRound = Task.CompletedTask;
    private int _roundRunning;

    /// <summary>Creates a monitor (not started).</summary>
    /// <param name="verifier">The verifier that judges evidence and keeps trust state.</param>
    /// <param name="channel">How nodes are reached.</param>
    /// <param name="options">Interval and timeout (validated here).</param>
    /// <param name="timeProvider">Clock for the interval and the timeouts.</param>
    public ReattestationMonitor(AttestationVerifier verifier, INodeAttestationChannel channel, ReattestationOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _verifier = verifier;
        _channel = channel;
        _options = options;
        _timeProvider = timeProvider;
    }

    /// <summary>Raised after each completed round with its results (useful for status output).</summary>
    public event EventHandler<IReadOnlyList<AttestationResult>>? RoundCompleted;

    /// <summary>Adds a node to the watched set.</summary>
    /// <param name="nodeId">The node.</param>
    public void Watch(string nodeId)
    {
        ArgumentException.ThrowIfNullOrEmpty(nodeId);
        lock (_nodesLock)
        {
            _nodes.Add(nodeId);
        }
    }

    /// <summary>Removes a node from the watched set.</summary>
    /// <param name="nodeId">The node.</param>
    public void Unwatch(string nodeId)
    {
        lock (_nodesLock)
        {
            _nodes.Remove(nodeId);
        }
    }

    /// <summary>Starts the periodic rounds; the first round runs one interval from now.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        if (_timer is not null)
        {
            throw new InvalidOperationException("The monitor is already started.");
        }

        _timer = _timeProvider.CreateTimer(_ => OnTick(), null, _options.Interval, _options.Interval);
    }

    /// <summary>Runs one round now: challenges every watched node and records the verdicts.</summary>
    /// <param name="cancellationToken">Cancels the round.</param>
    /// <returns>One result per node.</returns>
    public async Task<IReadOnlyList<AttestationResult>> RunRoundAsync(CancellationToken cancellationToken = default)
    {
        string[] nodes;
        lock (_nodesLock)
        {
            nodes = [.. _nodes.Order(StringComparer.Ordinal)];
        }

        var results = await Task.WhenAll(nodes.Select(n => AttestNodeAsync(n, cancellationToken))).ConfigureAwait(false);
        RoundCompleted?.Invoke(this, results);
        return results;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_timer is not null)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            await Volatile.Read(ref _currentRound).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping cancels the round in flight.
        }

        _stopping.Dispose();
    }

    private void OnTick()
    {
        if (Interlocked.CompareExchange(ref _roundRunning, 1, 0) != 0)
        {
            return;
        }

        Volatile.Write(ref _currentRound, RunTimedRoundAsync());
    }

    private async Task RunTimedRoundAsync()
    {
        try
        {
            await RunRoundAsync(_stopping.Token).ConfigureAwait(false);
        }
        finally
        {
            Volatile.Write(ref _roundRunning, 0);
        }
    }

    private async Task<AttestationResult> AttestNodeAsync(string nodeId, CancellationToken cancellationToken)
    {
        var challenge = _verifier.CreateChallenge(nodeId);
        using var timeout = new CancellationTokenSource(_options.ResponseTimeout, _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        AttestationEvidence evidence;
        try
        {
            evidence = await _channel.RequestEvidenceAsync(challenge, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return _verifier.MarkUntrusted(nodeId, AttestationFailure.NoResponse, $"No evidence within {_options.ResponseTimeout.TotalSeconds:0.###} s.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return _verifier.MarkUntrusted(nodeId, AttestationFailure.NodeError, $"{ex.GetType().Name}: {ex.Message}");
        }

        if (!string.Equals(evidence.NodeId, nodeId, StringComparison.Ordinal))
        {
            return _verifier.MarkUntrusted(nodeId, AttestationFailure.NodeError, $"Evidence names node \"{evidence.NodeId}\".");
        }

        return await _verifier.VerifyAsync(evidence, cancellationToken).ConfigureAwait(false);
    }
}
