using Vibe.Hosting;

// The grain-hosting process of a cluster, or one standalone silo: see docs/cluster.md.
return await SiloProgram.RunAsync(args);
