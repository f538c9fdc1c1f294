namespace QualityIncubator.ScaleData;

/// <summary>A seeded <see cref="Random"/> with the few draws the generator needs. Same seed, same sequence, on every machine.</summary>
internal sealed class Rng(int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>A generator of its own for one concern, so that a change in one part of the data does not shift every other part.</summary>
    public static Rng For(int seed, string concern)
    {
        // FNV-1a: stable across processes (string.GetHashCode is randomised per process)
        var hash = 2166136261u;
        foreach (var c in concern)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return new Rng(unchecked(seed * 31 + (int)hash));
    }

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public int Between(int min, int maxInclusive) => _random.Next(min, maxInclusive + 1);

    public double Between(double min, double max) => min + _random.NextDouble() * (max - min);

    public bool Chance(double p) => _random.NextDouble() < p;

    public double NextDouble() => _random.NextDouble();

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>One of the items, each as likely as its weight.</summary>
    public T Weighted<T>(IReadOnlyList<(T Item, double Weight)> items)
    {
        var total = items.Sum(i => i.Weight);
        var x = _random.NextDouble() * total;
        foreach (var (item, weight) in items)
        {
            x -= weight;
            if (x < 0)
            {
                return item;
            }
        }
        return items[^1].Item;
    }

    /// <summary>A normal draw (Box–Muller).</summary>
    public double Normal(double mean, double sd)
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return mean + sd * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Up to <paramref name="count"/> distinct items, in a random order.</summary>
    public List<T> Sample<T>(IReadOnlyList<T> items, int count)
    {
        var copy = items.ToList();
        Shuffle(copy);
        return copy.Take(Math.Min(count, copy.Count)).ToList();
    }

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    public string Digits(int count)
    {
        var chars = new char[count];
        for (var i = 0; i < count; i++)
        {
            chars[i] = (char)('0' + _random.Next(10));
        }
        return new string(chars);
    }

    public byte[] Bytes(int count)
    {
        var bytes = new byte[count];
        _random.NextBytes(bytes);
        return bytes;
    }
}
