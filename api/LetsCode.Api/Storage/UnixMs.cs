using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace LetsCode.Api.Storage;

/// <summary>
/// Timestamps are stored as Unix milliseconds (bigint) on both providers: SQLite cannot order DateTimeOffset, and
/// one representation keeps the hand-written migrations identical in meaning.
/// </summary>
internal sealed class UnixMsConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.ToUnixTimeMilliseconds(),
    v => DateTimeOffset.FromUnixTimeMilliseconds(v));
