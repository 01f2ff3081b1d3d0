// Each test class starts a whole Vibe and a browser; on two cores they run one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
