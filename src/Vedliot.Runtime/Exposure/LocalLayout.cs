namespace Vedliot.Runtime.Exposure;

/// <summary>
/// A convolutional decoder for image inputs: the target image is divided into a grid of cells matching the
/// finest crossing feature map (at most the target's own resolution), and one decoder, shared by every
/// cell, reconstructs a cell's pixels from the crossing values in its 3×3 neighbourhood of cells. Maps
/// finer than the grid are folded into channels (space to depth, nothing lost); coarser ones are read at
/// the cell's position; tensors without a matching spatial layout are projected and given to every cell.
/// A cell's own values keep up to half the features (randomly projected beyond that), each of its eight
/// neighbours' values a sixteenth: the cell's pixels depend mostly on the cell.
/// Sharing the decoder over positions is what lets a few dozen images train it, as an attacker's
/// inversion network shares its filters.
/// </summary>
internal sealed class LocalLayout : DecoderLayout
{
    private const int MaxGlobalFeatures = 64;

    private readonly int _channels;
    private readonly int _targetHeight;
    private readonly int _targetWidth;
    private readonly int _gridHeight;
    private readonly int _gridWidth;
    private readonly int _baseLength;
    private readonly bool[] _spatial;
    private readonly RandomProjection _global;
    private readonly RandomProjection _centre;
    private readonly RandomProjection _context;

    private LocalLayout(IReadOnlyList<CapturedTensor> crossing, bool[] spatial, int gridHeight, int channels, int targetHeight, int targetWidth, int maxFeatures, int seed)
    {
        _spatial = spatial;
        _channels = channels;
        _targetHeight = targetHeight;
        _targetWidth = targetWidth;
        _gridHeight = gridHeight;
        _gridWidth = gridHeight * targetWidth / targetHeight;
        for (var t = 0; t < crossing.Count; t++)
        {
            if (spatial[t])
            {
                var shape = crossing[t].Shape;
                var fold = shape[2] > _gridHeight ? (int)(shape[2] / _gridHeight) : 1;
                _baseLength += (int)shape[1] * fold * fold;
            }
        }

        _global = new RandomProjection(crossing.Where((_, t) => !spatial[t]).Sum(c => c.Values.Length), MaxGlobalFeatures, seed + 1);
        _centre = new RandomProjection(_baseLength, maxFeatures / 2, seed);
        _context = new RandomProjection(_baseLength, Math.Max(1, maxFeatures / 16), seed + 2);
    }

    public override int RowsPerSample => _gridHeight * _gridWidth;

    public override int FeatureCount => _centre.Outputs + (8 * _context.Outputs) + _global.Outputs;

    public override int TargetCount => _channels * CellHeight * CellWidth;

    public override string Description =>
        $"local: a {_gridHeight}×{_gridWidth} grid of {CellHeight}×{CellWidth}-pixel cells, each decoded from its {_baseLength:N0} crossing values{(_centre.Outputs < _baseLength ? $" projected to {_centre.Outputs}" : "")} and its 8 neighbours' projected to {_context.Outputs} each{(_global.Inputs > 0 ? $", with {_global.Outputs} projected non-spatial values" : "")}";

    private int CellHeight => _targetHeight / _gridHeight;

    private int CellWidth => _targetWidth / _gridWidth;

    /// <summary>A layout for the crossing tensors, or null when none of them is a feature map [1, C, h, w] aligned with the target image.</summary>
    public static LocalLayout? TryCreate(IReadOnlyList<CapturedTensor> crossing, int channels, int targetHeight, int targetWidth, int maxFeatures, int seed)
    {
        var spatial = crossing.Select(t => IsAligned(t.Shape, targetHeight, targetWidth)).ToArray();
        if (!spatial.Any(s => s))
        {
            return null;
        }

        var grid = (int)Math.Min(targetHeight, crossing.Where((_, t) => spatial[t]).Max(c => c.Shape[2]));

        // The grid must divide the target into whole cells; a finer map that does not fold into it reads as coarser.
        while (targetHeight % grid != 0 || (grid * targetWidth) % targetHeight != 0)
        {
            grid--;
        }

        for (var t = 0; t < crossing.Count; t++)
        {
            spatial[t] &= crossing[t].Shape[2] <= grid || crossing[t].Shape[2] % grid == 0;
        }

        return !spatial.Any(s => s) ? null : new LocalLayout(crossing, spatial, grid, channels, targetHeight, targetWidth, maxFeatures, seed);
    }

    public override float[] Prepare(IReadOnlyList<CapturedTensor> crossing)
    {
        var cells = _gridHeight * _gridWidth;
        var values = new float[_baseLength];
        var perCell = _centre.Outputs + _context.Outputs;
        var prepared = new float[(cells * perCell) + _global.Outputs];
        var global = prepared.AsSpan(cells * perCell);
        var globalOffset = 0;
        for (var t = 0; t < crossing.Count; t++)
        {
            if (!_spatial[t])
            {
                _global.AddTo(crossing[t].Values, globalOffset, global);
                globalOffset += crossing[t].Values.Length;
            }
        }

        for (var cell = 0; cell < cells; cell++)
        {
            CellValues(crossing, cell / _gridWidth, cell % _gridWidth, values);
            _centre.AddTo(values, 0, prepared.AsSpan(cell * perCell, _centre.Outputs));
            _context.AddTo(values, 0, prepared.AsSpan((cell * perCell) + _centre.Outputs, _context.Outputs));
        }

        return prepared;
    }

    public override void Features(float[] prepared, int row, Span<float> features)
    {
        features.Clear();
        var perCell = _centre.Outputs + _context.Outputs;
        int i = row / _gridWidth, j = row % _gridWidth;
        prepared.AsSpan(row * perCell, _centre.Outputs).CopyTo(features);
        var at = _centre.Outputs;
        for (var n = 0; n < 9; n++)
        {
            if (n == 4)
            {
                continue;
            }

            int y = i + (n / 3) - 1, x = j + (n % 3) - 1;
            if (y >= 0 && y < _gridHeight && x >= 0 && x < _gridWidth)
            {
                prepared.AsSpan((((y * _gridWidth) + x) * perCell) + _centre.Outputs, _context.Outputs).CopyTo(features[at..]);
            }

            at += _context.Outputs;
        }

        prepared.AsSpan(_gridHeight * _gridWidth * perCell).CopyTo(features[at..]);
    }

    // The crossing values at one cell: finer maps folded into channels, coarser ones read at the cell's position.
    private void CellValues(IReadOnlyList<CapturedTensor> crossing, int i, int j, float[] values)
    {
        var at = 0;
        for (var t = 0; t < crossing.Count; t++)
        {
            if (!_spatial[t])
            {
                continue;
            }

            var tensor = crossing[t];
            int c = (int)tensor.Shape[1], h = (int)tensor.Shape[2], w = (int)tensor.Shape[3];
            var fold = h > _gridHeight ? h / _gridHeight : 1;
            for (var ch = 0; ch < c; ch++)
            {
                for (var a = 0; a < fold; a++)
                {
                    for (var b = 0; b < fold; b++)
                    {
                        var y = fold > 1 ? (i * fold) + a : i * h / _gridHeight;
                        var x = fold > 1 ? (j * fold) + b : j * w / _gridWidth;
                        values[at++] = tensor.Values[(((ch * h) + y) * w) + x];
                    }
                }
            }
        }
    }

    public override void TargetPart(ReadOnlySpan<float> target, int row, Span<float> part) => CopyCell(target, row, part, toCell: true);

    public override void PlacePart(ReadOnlySpan<float> part, int row, Span<float> target) => CopyCell(part, row, target, toCell: false);

    private static bool IsAligned(IReadOnlyList<long> shape, int targetHeight, int targetWidth) =>
        shape.Count == 4 && shape[0] == 1 && shape[1] > 0 && shape[2] > 0 && shape[3] > 0
        && shape[2] * targetWidth == shape[3] * targetHeight
        && (targetHeight % shape[2] == 0 || shape[2] % targetHeight == 0);

    private void CopyCell(ReadOnlySpan<float> from, int row, Span<float> to, bool toCell)
    {
        int i = row / _gridWidth, j = row % _gridWidth, ch = CellHeight, cw = CellWidth;
        var at = 0;
        for (var c = 0; c < _channels; c++)
        {
            for (var a = 0; a < ch; a++)
            {
                for (var b = 0; b < cw; b++)
                {
                    var pixel = (((c * _targetHeight) + (i * ch) + a) * _targetWidth) + (j * cw) + b;
                    if (toCell)
                    {
                        to[at++] = from[pixel];
                    }
                    else
                    {
                        to[pixel] = from[at++];
                    }
                }
            }
        }
    }
}
