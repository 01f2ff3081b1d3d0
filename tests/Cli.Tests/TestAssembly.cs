using System.Runtime.Versioning;

// One WebFront serves every test class, which drive it through vibe processes; on two cores they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// As vibe itself: Unix terminals and file modes.
[assembly: UnsupportedOSPlatform("windows")]
