namespace LetsCode.Redis.Protocol;

/// <summary>The RESP2 reply kinds (the first byte of a frame), plus the two null forms folded into one.</summary>
public enum RespType
{
    SimpleString,
    Error,
    Integer,
    BulkString,
    Array,
    /// <summary>A null bulk string (<c>$-1</c>) or a null array (<c>*-1</c>).</summary>
    Null,
}
