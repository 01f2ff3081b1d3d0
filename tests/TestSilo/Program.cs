using Vibe.Hosting;
using Vibe.TestSilo;

// The Silo, plus the greeting counter the multi-process tests and the failover benchmark write through.
return await SiloProgram.RunAsync(
    args,
    builder => builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, TestSiloJsonContext.Default)),
    app => app.MapGreetingsApi());
