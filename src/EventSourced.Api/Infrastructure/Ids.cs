using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// New stream ids: UUIDv7 (RFC 9562) made monotonic within this process by method 1 of the RFC (a 12-bit counter in
/// rand_a), because Guid.CreateVersion7 is random within a millisecond. Lists page by id, so ids created one after
/// the other must sort one after the other.
/// </summary>
public static class Ids
{
    private static readonly Lock Gate = new();
    private static long _lastMilliseconds;
    private static int _counter;

    public static Guid New() => New(DateTimeOffset.UtcNow);

    internal static Guid New(DateTimeOffset now)
    {
        long milliseconds;
        int counter;
        lock (Gate)
        {
            milliseconds = Math.Max(now.ToUnixTimeMilliseconds(), _lastMilliseconds);
            if (milliseconds == _lastMilliseconds)
            {
                _counter++;
                if (_counter > 0xFFF)
                {
                    // 4,096 ids in one millisecond: borrow the next millisecond rather than lose order.
                    milliseconds++;
                    _counter = 0;
                }
            }
            else
            {
                _counter = 0;
            }
            _lastMilliseconds = milliseconds;
            counter = _counter;
        }

        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes[8..]);
        BinaryPrimitives.WriteInt64BigEndian(bytes, milliseconds << 16);
        bytes[6] = (byte)(0x70 | (counter >> 8));
        bytes[7] = (byte)counter;
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
