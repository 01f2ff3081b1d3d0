using System.Reflection;
using Vibe.Actors.Invocation;

namespace Vibe.Actors.CodeGen.Tests;

/// <summary>What the generated module initializer tells the runtime about each grain class.</summary>
public sealed class GrainClassRegistrationTests
{
    private const string Sample = """
        using System;
        using System.Threading.Tasks;
        using Vibe.Actors;

        namespace MyApp;

        public interface ICounterGrain : IGrainWithStringKey { Task<int> Get(); }

        public interface IAuditGrain : IGrainWithStringKey { Task Audit(); }

        public enum Mode { Slow, Fast }

        public sealed record CounterState(int Value);

        public sealed class CounterGrain(IGrainContext context) : Grain(context), ICounterGrain
        {
            public Task<int> Get() => Task.FromResult(0);
        }

        public sealed class ShoppingCart(IGrainContext context) : Grain(context), ICounterGrain
        {
            public Task<int> Get() => Task.FromResult(0);
        }

        [GrainType("audit-log")]
        public sealed class AuditGrain(IGrainContext context) : Grain(context), IAuditGrain, IRemindable
        {
            public Task Audit() => Task.CompletedTask;
            public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
        }

        [Reentrant]
        public abstract class ReentrantBase(IGrainContext context) : Grain(context);

        [CollectionAgeLimit(Hours = 1, Minutes = 30)]
        public sealed class InheritsReentrancyGrain(IGrainContext context) : ReentrantBase(context), ICounterGrain
        {
            public Task<int> Get() => Task.FromResult(0);
        }

        [CollectionAgeLimit(AlwaysActive = true)]
        public sealed class PinnedGrain(IGrainContext context) : Grain(context), ICounterGrain
        {
            public Task<int> Get() => Task.FromResult(0);
        }

        public sealed class StatefulGrain : Grain, ICounterGrain
        {
            public StatefulGrain(IGrainContext context) : base(context)
            {
            }

            public StatefulGrain(
                IGrainContext context,
                TimeProvider clock,
                [PersistentState("counter", "store")] IPersistentState<CounterState> counter,
                [PersistentState("audit")] IPersistentState<string> audit,
                int retries = 3,
                string? label = null,
                Mode mode = Mode.Fast,
                double ratio = 0.25)
                : base(context)
            {
                Clock = clock;
                Counter = counter;
                Audit = audit;
                Retries = retries;
                Label = label;
                Mode = mode;
                Ratio = ratio;
            }

            public TimeProvider? Clock { get; }
            public IPersistentState<CounterState>? Counter { get; }
            public IPersistentState<string>? Audit { get; }
            public int Retries { get; }
            public string? Label { get; }
            public Mode Mode { get; }
            public double Ratio { get; }

            public Task<int> Get() => Task.FromResult(Retries);
        }

        public abstract class AbstractGrain(IGrainContext context) : Grain(context), ICounterGrain
        {
            public Task<int> Get() => Task.FromResult(0);
        }

        public sealed class NotAGrain : ICounterGrain
        {
            public Task<int> Get() => Task.FromResult(0);
        }

        public sealed class GrainWithoutInterfaces(IGrainContext context) : Grain(context);
        """;

    private static readonly Lazy<Assembly> SampleAssembly = new(() => GeneratorHarness.CompileAndLoad(Sample));

    [Theory]
    [InlineData("MyApp.CounterGrain", "counter")]
    [InlineData("MyApp.ShoppingCart", "shoppingcart")]
    [InlineData("MyApp.AuditGrain", "audit-log")]
    [InlineData("MyApp.InheritsReentrancyGrain", "inheritsreentrancy")]
    public void TheGrainTypeIsTheClassNameWithoutGrainSuffixLowerCasedUnlessGrainTypeSaysOtherwise(string className, string grainType) =>
        Assert.Equal(grainType, Find(className).GrainType);

    [Fact]
    public void AClassNamedJustGrainKeepsItsLowerCasedName()
    {
        var assembly = GeneratorHarness.CompileAndLoad("""
            using System.Threading.Tasks;
            using Vibe.Actors;

            namespace Other;

            public interface IPingGrain : IGrainWithStringKey { Task Ping(); }

            public sealed class Grain(IGrainContext context) : Vibe.Actors.Grain(context), IPingGrain
            {
                public Task Ping() => Task.CompletedTask;
            }
            """);

        Assert.Equal("grain", GeneratedCodeRegistry.FindGrainClass(assembly.GetType("Other.Grain", throwOnError: true)!)!.GrainType);
    }

    [Fact]
    public void TheInterfacesAreEveryGrainInterfaceTheClassImplementsButNotTheMarkers()
    {
        var info = Find("MyApp.AuditGrain");

        Assert.Equal([Type("MyApp.IAuditGrain"), typeof(IRemindable)], info.Interfaces.OrderBy(t => t.FullName, StringComparer.Ordinal));
    }

    [Fact]
    public void ReentrancyComesFromTheClassOrAnyBaseClass()
    {
        Assert.True(Find("MyApp.InheritsReentrancyGrain").IsReentrant);
        Assert.False(Find("MyApp.CounterGrain").IsReentrant);
    }

    [Fact]
    public void TheCollectionAgeComesFromCollectionAgeLimit()
    {
        Assert.Equal(TimeSpan.FromMinutes(90), Find("MyApp.InheritsReentrancyGrain").CollectionAge);
        Assert.Equal(Timeout.InfiniteTimeSpan, Find("MyApp.PinnedGrain").CollectionAge);
        Assert.Null(Find("MyApp.CounterGrain").CollectionAge);
    }

    [Fact]
    public void AbstractClassesClassesThatAreNotGrainsAndGrainsWithoutGrainInterfacesAreNotRegistered()
    {
        Assert.Null(GeneratedCodeRegistry.FindGrainClass(Type("MyApp.AbstractGrain")));
        Assert.Null(GeneratedCodeRegistry.FindGrainClass(Type("MyApp.NotAGrain")));
        Assert.Null(GeneratedCodeRegistry.FindGrainClass(Type("MyApp.GrainWithoutInterfaces")));
    }

    [Fact]
    public void TheFactoryCallsTheLongestConstructorWithServicesPersistentStatesAndDefaults()
    {
        var context = new FakeGrainContext(new GrainId("stateful", "a"), new Dictionary<Type, object> { [typeof(TimeProvider)] = TimeProvider.System });

        var grain = Find("MyApp.StatefulGrain").Factory(context);

        Assert.Equal("MyApp.StatefulGrain", grain.GetType().FullName);
        Assert.Same(context, ((Grain)grain).GrainContext);
        Assert.Same(TimeProvider.System, Property(grain, "Clock"));
        Assert.NotNull(Property(grain, "Counter"));
        Assert.NotNull(Property(grain, "Audit"));
        Assert.Equal([("counter", "store"), ("audit", (string?)null)], context.RequestedStates);
        Assert.Equal(3, Property(grain, "Retries"));
        Assert.Null(Property(grain, "Label"));
        Assert.Equal("Fast", Property(grain, "Mode")!.ToString());
        Assert.Equal(0.25, Property(grain, "Ratio"));
    }

    [Fact]
    public void AnOptionalParameterTakesTheRegisteredServiceWhenThereIsOne()
    {
        var assembly = GeneratorHarness.CompileAndLoad("""
            using System;
            using System.Threading.Tasks;
            using Vibe.Actors;

            namespace MyApp;

            public interface IClockGrain : IGrainWithStringKey { Task Tick(); }

            public sealed class ClockGrain(IGrainContext context, TimeProvider? clock = null) : Grain(context), IClockGrain
            {
                public TimeProvider? Clock { get; } = clock;
                public Task Tick() => Task.CompletedTask;
            }
            """);
        var factory = GeneratedCodeRegistry.FindGrainClass(assembly.GetType("MyApp.ClockGrain", throwOnError: true)!)!.Factory;

        var withService = factory(new FakeGrainContext(new GrainId("clock", "a"), new Dictionary<Type, object> { [typeof(TimeProvider)] = TimeProvider.System }));
        var withoutService = factory(new FakeGrainContext(new GrainId("clock", "b"), new Dictionary<Type, object>()));

        Assert.Same(TimeProvider.System, Property(withService, "Clock"));
        Assert.Null(Property(withoutService, "Clock"));
    }

    private static GrainClassInfo Find(string className)
    {
        var info = GeneratedCodeRegistry.FindGrainClass(Type(className));
        Assert.NotNull(info);
        return info;
    }

    private static Type Type(string name) => SampleAssembly.Value.GetType(name, throwOnError: true)!;

    private static object? Property(object instance, string name) => instance.GetType().GetProperty(name)!.GetValue(instance);
}
