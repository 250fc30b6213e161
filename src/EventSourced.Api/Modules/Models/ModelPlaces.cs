using EventSourced.Api.Ledger;
using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace EventSourced.Api.Modules.Models;

/// <summary>
/// The unit each model was registered in, kept in memory once read: it never changes, so no invalidation is needed.
/// Bounded (100,000 models, an hour unused) and private to this use, so no other component shares its size rules.
/// </summary>
public sealed class ModelPlaces : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public async Task<UnitSnapshot?> Of(IQuerySession session, Guid modelId, CancellationToken ct)
    {
        if (_cache.TryGetValue(modelId, out UnitSnapshot? unit))
        {
            return unit;
        }
        unit = (await session.LoadAsync<SecurityModel>(modelId, ct))?.Unit;
        if (unit is not null)
        {
            _cache.Set(modelId, unit, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
        }
        return unit;
    }

    public void Dispose() => _cache.Dispose();
}
