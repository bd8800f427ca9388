using System.Threading.Channels;
using LetsCode.Redis.PubSub;
using LetsCode.Redis.Tests.Fixtures;
using LetsCode.Testing.Redis;

namespace LetsCode.Redis.Tests.PubSub;

public sealed class PubSubTests : IClassFixture<RedisServerFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(5);
    private readonly RedisServerFixture _redis;

    public PubSubTests(RedisServerFixture redis)
    {
        _redis = redis;
    }

    [Fact]
    public async Task Handler_receives_messages_in_order()
    {
        await using var subscriberClient = await _redis.ConnectAsync();
        await using var publisher = await _redis.ConnectAsync();
        var channel = RedisServerFixture.Key("updates");
        var received = Channel.CreateUnbounded<RedisMessage>();

        await using var subscription = await subscriberClient.SubscribeAsync(channel, async (message, _) => await received.Writer.WriteAsync(message));
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(1, await publisher.PublishAsync(channel, $"m{i}"));
        }

        for (var i = 0; i < 100; i++)
        {
            var message = await received.Reader.ReadAsync().AsTask().WaitAsync(Patience);
            Assert.Equal((channel, $"m{i}"), (message.Channel, message.Payload.ToString()));
        }
    }

    [Fact]
    public async Task Pattern_subscription_as_an_async_stream_sees_binary_payloads()
    {
        await using var client = await _redis.ConnectAsync();
        var prefix = RedisServerFixture.Key("ws");
        await using var subscription = await client.SubscribeAsync(prefix + ":*", isPattern: true);
        byte[] payload = [0, 1, 13, 10, 255];

        // The same client publishes: PUBLISH goes over the multiplexed socket, not the subscriber one.
        await client.PublishAsync(prefix + ":user-7", payload);

        await using var messages = subscription.ReadAllAsync().GetAsyncEnumerator();
        Assert.True(await messages.MoveNextAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(prefix + ":user-7", messages.Current.Channel);
        Assert.Equal(prefix + ":*", messages.Current.Pattern);
        Assert.Equal(payload, messages.Current.Payload.ToArray());
    }

    [Fact]
    public async Task Disposing_the_last_subscription_unsubscribes_and_a_failing_handler_does_not_stop_delivery()
    {
        await using var client = await _redis.ConnectAsync();
        var channel = RedisServerFixture.Key("unsub");
        var seen = Channel.CreateUnbounded<string>();
        var first = await client.SubscribeAsync(channel, (m, _) => throw new InvalidOperationException("boom"));
        await using var second = await client.SubscribeAsync(channel, async (m, _) => await seen.Writer.WriteAsync(m.Payload.ToString()!));

        Assert.Equal(1, await client.PublishAsync(channel, "a"));
        Assert.Equal(1, await client.PublishAsync(channel, "b"));
        Assert.Equal("a", await seen.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal("b", await seen.Reader.ReadAsync().AsTask().WaitAsync(Patience));

        await first.DisposeAsync();
        Assert.Equal(1, await client.PublishAsync(channel, "c"));
        await second.DisposeAsync();
        await WaitUntilAsync(async () => (await client.PublishAsync(channel, "d")) == 0);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
