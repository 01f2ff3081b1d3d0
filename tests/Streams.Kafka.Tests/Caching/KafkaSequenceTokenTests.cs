namespace Vibe.Streams.Kafka.Tests.Caching;

public sealed class KafkaSequenceTokenTests
{
    [Fact]
    public void A_token_written_as_text_reads_back_equal()
    {
        var token = new KafkaSequenceToken(3, 1200, 2);

        Assert.Equal("p3-o1200-e2", token.ToString());
        Assert.Equal(token, KafkaSequenceToken.Parse(token.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("p3-o1200")]
    [InlineData("p3-o-1-e0")]
    [InlineData("3-1200-0")]
    [InlineData("p3-o12x0-e0")]
    public void Text_that_is_not_a_position_is_refused(string text)
    {
        Assert.False(KafkaSequenceToken.TryParse(text, out _));
        Assert.Contains("p<partition>-o<offset>-e<index>", Assert.Throws<FormatException>(() => KafkaSequenceToken.Parse(text)).Message);
    }

    [Fact]
    public void Tokens_order_by_offset_then_by_event_within_the_record()
    {
        Assert.True(new KafkaSequenceToken(0, 5, 1).CompareTo(new KafkaSequenceToken(0, 6, 0)) < 0);
        Assert.True(new KafkaSequenceToken(0, 6, 1).CompareTo(new KafkaSequenceToken(0, 6, 0)) > 0);
        Assert.NotEqual(new KafkaSequenceToken(0, 6, 0), new KafkaSequenceToken(1, 6, 0));
    }
}
