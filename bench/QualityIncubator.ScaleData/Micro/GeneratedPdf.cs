using System.Globalization;
using System.Text;

namespace QualityIncubator.ScaleData.Micro;

/// <summary>
/// An uploaded scan of a given size, generated as it is read (never held in memory): a PDF header and object around incompressible
/// seeded bytes, like the image stream of a scanned document. The file store types uploads by their content (%PDF-); each seed gives
/// content, and so a SHA-256, of its own.
/// </summary>
internal sealed class GeneratedPdf : Stream
{
    private readonly byte[] _head;
    private readonly byte[] _tail = "\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"u8.ToArray();
    private readonly long _body;
    private readonly Random _random;
    private long _position;

    public GeneratedPdf(long length, int seed)
    {
        _random = new Random(seed);
        // the stream object's /Length is its body: the header's own length depends on that number's digits, so settle it in two passes
        _head = [];
        for (var pass = 0; pass < 2; pass++)
        {
            _body = Math.Max(0, length - _head.Length - _tail.Length);
            _head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"%PDF-1.4\n% scan {seed}\n1 0 obj\n<< /Length {_body} >>\nstream\n"));
        }
        _body = Math.Max(0, length - _head.Length - _tail.Length);
        Length = _head.Length + _body + _tail.Length;
    }

    public override long Length { get; }
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var written = 0;
        while (written < buffer.Length && _position < Length)
        {
            var target = buffer[written..];
            int n;
            if (_position < _head.Length)
            {
                n = Math.Min(target.Length, _head.Length - (int)_position);
                _head.AsSpan((int)_position, n).CopyTo(target);
            }
            else if (_position < _head.Length + _body)
            {
                n = (int)Math.Min(target.Length, _head.Length + _body - _position);
                _random.NextBytes(target[..n]);
            }
            else
            {
                var at = (int)(_position - _head.Length - _body);
                n = Math.Min(target.Length, _tail.Length - at);
                _tail.AsSpan(at, n).CopyTo(target);
            }
            written += n;
            _position += n;
        }
        return written;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
