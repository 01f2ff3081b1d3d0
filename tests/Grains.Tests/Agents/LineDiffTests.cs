using Vibe.Grains.Agents;

namespace Vibe.Grains.Tests.Agents;

public sealed class LineDiffTests
{
    [Fact]
    public void A_unified_diff_shows_the_changed_lines_with_context()
    {
        var diff = LineDiff.Unified("src/app.js", "a\nb\nc\nd\ne\nf\ng\nh\n", "a\nb\nc\nD\ne\nf\ng\nh\nnew\n");

        Assert.Equal(
            "--- a/src/app.js\n+++ b/src/app.js\n@@ -1,8 +1,9 @@\n a\n b\n c\n-d\n+D\n e\n f\n g\n h\n+new\n",
            diff);
    }

    [Fact]
    public void A_created_file_diffs_against_dev_null_and_an_unchanged_one_gives_no_diff()
    {
        Assert.Equal("--- /dev/null\n+++ b/x.txt\n@@ -0,0 +1,2 @@\n+one\n+two\n", LineDiff.Unified("x.txt", null, "one\ntwo\n"));
        Assert.Equal("", LineDiff.Unified("x.txt", "same\n", "same\n"));
    }

    [Fact]
    public void Hunks_turn_the_old_lines_into_the_new_ones()
    {
        string[] before = ["1", "2", "3", "4", "5", "6"];
        string[] after = ["1", "two", "3", "5", "6", "7"];

        var hunks = LineDiff.Compute(before, after);

        Assert.Equal([new LineHunk(1, 1, 1, 1), new LineHunk(3, 1, 3, 0), new LineHunk(6, 0, 5, 1)], hunks);
    }

    [Fact]
    public void Reverting_an_untouched_file_restores_its_text_before_the_run()
    {
        var plan = AgentRevertPlanner.Plan("a.txt", "before\n", "after\n", "after\n");

        Assert.Equal(AgentRevertPlan.Restore("before\n"), plan);
    }

    [Fact]
    public void Reverting_keeps_a_persons_edits_on_other_lines()
    {
        var before = Lines("one", "two", "three", "four", "five", "six", "seven", "eight");
        var after = Lines("one", "TWO by agent", "three", "four", "five", "six", "seven", "eight");
        var current = Lines("zero", "one", "TWO by agent", "three", "four", "five", "six", "seven", "EIGHT by person");

        var plan = AgentRevertPlanner.Plan("a.txt", before, after, current);

        Assert.Null(plan.Conflict);
        Assert.Equal(Lines("zero", "one", "two", "three", "four", "five", "six", "seven", "EIGHT by person"), plan.Text);
    }

    [Fact]
    public void Reverting_is_refused_where_a_person_edited_the_lines_the_run_changed()
    {
        var before = Lines("one", "two", "three", "four");
        var after = Lines("one", "TWO by agent", "three", "four");
        var current = Lines("one", "TWO by agent and person", "three", "four");

        var plan = AgentRevertPlanner.Plan("src/a.txt", before, after, current);

        Assert.Null(plan.Text);
        Assert.Equal("src/a.txt: line 2 changed since the run, where the run had edited", plan.Conflict);
    }

    [Fact]
    public void Reverting_is_refused_when_a_person_inserted_lines_inside_what_the_run_added()
    {
        var before = Lines("one", "four");
        var after = Lines("one", "two", "three", "four");
        var current = Lines("one", "two", "person", "three", "four");

        var plan = AgentRevertPlanner.Plan("a.txt", before, after, current);

        Assert.Equal("a.txt: line 3 changed since the run, where the run had edited", plan.Conflict);
    }

    private static string Lines(params string[] lines) => string.Join('\n', lines) + "\n";
}
