using System.Security.Cryptography;
using System.Text;

namespace EventSourced.Api.Infrastructure;

/// <summary>Name-based UUIDs (RFC 9562 version 5): the same namespace and name always give the same id.</summary>
public static class NameBased
{
    public static Guid Create(Guid @namespace, string name)
    {
        Span<byte> input = stackalloc byte[16 + Encoding.UTF8.GetByteCount(name)];
        @namespace.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input[16..]);
        Span<byte> hash = stackalloc byte[20];
#pragma warning disable CA5350 // SHA-1 is what RFC 9562 version 5 specifies; it names ids, it protects nothing.
        SHA1.HashData(input, hash);
#pragma warning restore CA5350
        hash[6] = (byte)(0x50 | (hash[6] & 0x0F));
        hash[8] = (byte)(0x80 | (hash[8] & 0x3F));
        return new Guid(hash[..16], bigEndian: true);
    }
}
