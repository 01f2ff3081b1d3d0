using System.Reflection;
using System.Text;
using System.Text.Json;
using Vibe.Actors.Invocation;

namespace Vibe.Actors.CodeGen.Tests;

/// <summary>The generated proxies and requests, loaded and driven the way the runtime drives them.</summary>
public sealed class InterfaceRegistrationTests
{
    private const string Sample = """
        using System.Collections.Generic;
        using System.Linq;
        using System.Runtime.CompilerServices;
        using System.Threading.Tasks;
        using Vibe.Actors;

        namespace MyApp;

        public sealed record Item(string Sku, int Quantity);

        public interface ICartGrain : IGrainWithStringKey
        {
            Task<int> Add(string sku, int quantity);
            ValueTask<int> Count();
            Task Store(string name, int count, Item item, List<Item> items);
            ValueTask Clear();
            [ReadOnly] Task<List<Item>> Items();
            [AlwaysInterleave] Task<string> Ping();
            [OneWay] Task Notify(string message);
            IAsyncEnumerable<Item> Stream(int limit);
            Task<bool> Equals(string other);
        }

        /// <summary>Implements the interface without being a grain, so tests can invoke requests on it directly.</summary>
        public sealed class InMemoryCart : ICartGrain
        {
            private readonly List<Item> _items = [];

            public Task<int> Add(string sku, int quantity)
            {
                _items.Add(new Item(sku, quantity));
                return Task.FromResult(_items.Sum(i => i.Quantity));
            }

            public ValueTask<int> Count() => new(_items.Count);
            public Task Store(string name, int count, Item item, List<Item> items) => Task.CompletedTask;
            public ValueTask Clear() { _items.Clear(); return default; }
            public Task<List<Item>> Items() => Task.FromResult(_items.ToList());
            public Task<string> Ping() => Task.FromResult("pong");
            public Task Notify(string message) => Task.CompletedTask;
            public async IAsyncEnumerable<Item> Stream(int limit)
            {
                foreach (var item in _items.Take(limit))
                {
                    await Task.Yield();
                    yield return item;
                }
            }

            public Task<bool> Equals(string other) => Task.FromResult(other == "cart");
        }

        public sealed class CartGrain(IGrainContext context) : Grain(context), ICartGrain
        {
            private readonly InMemoryCart _cart = new();
            public Task<int> Add(string sku, int quantity) => _cart.Add(sku, quantity);
            public ValueTask<int> Count() => _cart.Count();
            public Task Store(string name, int count, Item item, List<Item> items) => _cart.Store(name, count, item, items);
            public ValueTask Clear() => _cart.Clear();
            public Task<List<Item>> Items() => _cart.Items();
            public Task<string> Ping() => _cart.Ping();
            public Task Notify(string message) => _cart.Notify(message);
            public IAsyncEnumerable<Item> Stream(int limit) => _cart.Stream(limit);
            public Task<bool> Equals(string other) => _cart.Equals(other);
        }
        """;

    private static readonly Lazy<Assembly> SampleAssembly = new(() => GeneratorHarness.CompileAndLoad(Sample));

    private static Type CartInterface => SampleAssembly.Value.GetType("MyApp.ICartGrain", throwOnError: true)!;

    [Fact]
    public void TheModuleInitializerRegistersTheInterfaceWithItsProxyFactoryAndEveryMethod()
    {
        var info = GeneratedCodeRegistry.FindInterface(CartInterface);

        Assert.NotNull(info);
        Assert.Equal("MyApp.ICartGrain", info.InterfaceName);
        Assert.Same(info, GeneratedCodeRegistry.FindInterface("MyApp.ICartGrain"));
        var requests = info.Methods.Values.Select(create => create()).ToList();
        Assert.Equal(
            ["Add", "Clear", "Count", "Equals", "Items", "Notify", "Ping", "Store", "Stream"],
            requests.Select(r => r.MethodName).Order(StringComparer.Ordinal));
        Assert.All(requests, r => Assert.Equal("MyApp.ICartGrain", r.InterfaceName));
        Assert.All(info.Methods, pair => Assert.Equal(pair.Key, pair.Value().MethodId));
    }

    [Fact]
    public void TheProxyFactoryMakesAReferenceThatImplementsTheInterfaceForTheGivenGrain()
    {
        var grainId = new GrainId("cart", "alice");

        var proxy = GeneratedCodeRegistry.FindInterface(CartInterface)!.ProxyFactory(new LocalRuntime(new object()), grainId);

        Assert.IsAssignableFrom(CartInterface, proxy);
        Assert.Equal(grainId, proxy.GrainId);
        Assert.Equal(CartInterface, proxy.InterfaceType);
        Assert.True(proxy.GetType().IsNotPublic);
    }

    [Fact]
    public void FlagsComeFromTheInterfaceMethodAttributes()
    {
        var requests = GeneratedCodeRegistry.FindInterface(CartInterface)!.Methods.Values.Select(create => create()).ToDictionary(r => r.MethodName);

        Assert.Equal(InvokeFlags.ReadOnly, requests["Items"].Flags);
        Assert.Equal(InvokeFlags.AlwaysInterleave, requests["Ping"].Flags);
        Assert.Equal(InvokeFlags.OneWay, requests["Notify"].Flags);
        Assert.Equal(InvokeFlags.None, requests["Add"].Flags);
    }

    [Fact]
    public void RequestBaseClassesFollowTheReturnType()
    {
        var requests = GeneratedCodeRegistry.FindInterface(CartInterface)!.Methods.Values.Select(create => create()).ToDictionary(r => r.MethodName);

        Assert.IsAssignableFrom<Request<int>>(requests["Add"]);
        Assert.IsAssignableFrom<Request<int>>(requests["Count"]);
        Assert.IsAssignableFrom<VoidRequest>(requests["Store"]);
        Assert.IsAssignableFrom<VoidRequest>(requests["Clear"]);
        Assert.Equal(typeof(AsyncEnumerableRequest<>), requests["Stream"].GetType().BaseType!.GetGenericTypeDefinition());
    }

    [Fact]
    public async Task ProxyCallsSendRequestsThatInvokeTheTargetAndReturnItsResult()
    {
        var grain = Activator.CreateInstance(SampleAssembly.Value.GetType("MyApp.InMemoryCart", throwOnError: true)!)!;
        var runtime = new LocalRuntime(grain);
        var proxy = GeneratedCodeRegistry.FindInterface(CartInterface)!.ProxyFactory(runtime, new GrainId("cart", "bob"));

        Assert.Equal(2, await (Task<int>)Call(proxy, "Add", "apple", 2));
        Assert.Equal(5, await (Task<int>)Call(proxy, "Add", "pear", 3));
        Assert.Equal(2, await (ValueTask<int>)Call(proxy, "Count"));
        Assert.Equal("pong", await (Task<string>)Call(proxy, "Ping"));
        Assert.True(await (Task<bool>)Call(proxy, "Equals", "cart"));
        await (ValueTask)Call(proxy, "Clear");
        Assert.Equal(0, await (ValueTask<int>)Call(proxy, "Count"));

        Assert.Equal(["Add", "Add", "Count", "Ping", "Equals", "Clear", "Count"], runtime.Sent.Select(r => r.MethodName));
    }

    [Fact]
    public async Task AOneWayCallIsSentWithoutWaitingAndCompletesAtOnce()
    {
        var runtime = new LocalRuntime(new object());
        var proxy = GeneratedCodeRegistry.FindInterface(CartInterface)!.ProxyFactory(runtime, new GrainId("cart", "carol"));

        var task = (Task)Call(proxy, "Notify", "hello");

        Assert.True(task.IsCompletedSuccessfully);
        await task;
        var request = Assert.Single(runtime.Sent);
        Assert.Equal("Notify", request.MethodName);
        Assert.Equal("[\"hello\"]", WriteArguments(request));
    }

    [Fact]
    public async Task AStreamingCallEnumeratesTheTargetsItems()
    {
        var grain = Activator.CreateInstance(SampleAssembly.Value.GetType("MyApp.InMemoryCart", throwOnError: true)!)!;
        var runtime = new LocalRuntime(grain);
        var proxy = GeneratedCodeRegistry.FindInterface(CartInterface)!.ProxyFactory(runtime, new GrainId("cart", "dave"));
        await (Task<int>)Call(proxy, "Add", "apple", 1);
        await (Task<int>)Call(proxy, "Add", "pear", 2);
        await (Task<int>)Call(proxy, "Add", "plum", 3);

        var skus = new List<string>();
        await foreach (var item in (IAsyncEnumerable<object>)Call(proxy, "Stream", 2))
        {
            skus.Add((string)item.GetType().GetProperty("Sku")!.GetValue(item)!);
        }

        Assert.Equal(["apple", "pear"], skus);
        Assert.Equal("Stream", runtime.Sent[^1].MethodName);
    }

    [Fact]
    public void ArgumentsRoundTripThroughWriteArgumentsAndReadArguments()
    {
        var itemType = SampleAssembly.Value.GetType("MyApp.Item", throwOnError: true)!;
        var item = Activator.CreateInstance(itemType, "apple", 2)!;
        var items = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(itemType))!;
        items.Add(Activator.CreateInstance(itemType, "pear", 3));
        items.Add(Activator.CreateInstance(itemType, "plum", 4));
        var sent = CreateRequest("Store");
        SetArguments(sent, "weekly", 7, item, items);

        var json = WriteArguments(sent);
        var received = CreateRequest("Store");
        ReadArguments(received, json);

        Assert.Equal("[\"weekly\",7,{\"Sku\":\"apple\",\"Quantity\":2},[{\"Sku\":\"pear\",\"Quantity\":3},{\"Sku\":\"plum\",\"Quantity\":4}]]", json);
        Assert.Equal("weekly", Argument(received, 0));
        Assert.Equal(7, Argument(received, 1));
        Assert.Equal(item, Argument(received, 2));
        Assert.Equal(items.Cast<object>(), ((System.Collections.IList)Argument(received, 3)!).Cast<object>());
    }

    [Theory]
    [InlineData("{\"sku\":\"apple\"}")]
    [InlineData("[\"apple\"]")]
    [InlineData("[\"apple\",1,2]")]
    public void ReadArgumentsRejectsJsonThatIsNotAnArrayOfTheRightLength(string json)
    {
        var request = CreateRequest("Add");

        var error = Assert.Throws<JsonException>(() => ReadArguments(request, json));
        Assert.Contains("MyApp.ICartGrain.Add", error.Message, StringComparison.Ordinal);
    }

    private static Request CreateRequest(string methodName) =>
        GeneratedCodeRegistry.FindInterface(CartInterface)!.Methods.Values.Select(create => create()).Single(r => r.MethodName == methodName);

    private static object Call(object proxy, string methodName, params object[] arguments) =>
        CartInterface.GetMethods().Single(m => m.Name == methodName && m.GetParameters().Length == arguments.Length).Invoke(proxy, arguments)!;

    private static void SetArguments(Request request, params object[] arguments)
    {
        for (var i = 0; i < arguments.Length; i++)
        {
            request.GetType().GetField($"Arg{i}")!.SetValue(request, arguments[i]);
        }
    }

    private static object? Argument(Request request, int index) => request.GetType().GetField($"Arg{index}")!.GetValue(request);

    private static string WriteArguments(Request request)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            request.WriteArguments(writer, JsonSerializerOptions.Default);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void ReadArguments(Request request, string json)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        reader.Read();
        request.ReadArguments(ref reader, JsonSerializerOptions.Default);
    }
}
