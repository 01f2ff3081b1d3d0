using Vibe.Docker.Images;

namespace Vibe.Docker.Tests.Images;

public sealed class BuildStepTrackerTests
{
    [Fact]
    public void Steps_map_into_the_given_part_of_the_bar_and_other_lines_do_not_move_it()
    {
        var tracker = new BuildStepTracker(from: 40, to: 100);

        Assert.Equal(new TemplateBuildProgress("Step 1 of 4: FROM vibe/base:bookworm", 40), tracker.Observe("Step 1/4 : FROM vibe/base:bookworm"));
        Assert.Null(tracker.Observe("Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]"));
        Assert.Equal(new TemplateBuildProgress("Step 3 of 4: downloading and installing packages", 70), tracker.Observe("Step 3/4 : RUN apt-get update && apt-get install -y nodejs"));
        Assert.Equal(new TemplateBuildProgress("Finishing the image", 100), tracker.Observe("Successfully built 0123456789ab"));
    }

    [Fact]
    public void Long_instructions_are_shortened_and_nonsense_step_numbers_ignored()
    {
        var tracker = new BuildStepTracker();

        var progress = tracker.Observe($"Step 2/2 : RUN {new string('x', 200)}");

        Assert.NotNull(progress);
        Assert.EndsWith("…", progress.Stage, StringComparison.Ordinal);
        Assert.True(progress.Stage.Length < 90);
        Assert.Null(tracker.Observe("Step 5/2 : RUN true"));
        Assert.Null(tracker.Observe("Step 0/0 : RUN true"));
    }

    [Theory]
    [InlineData("Temporary failure resolving 'deb.debian.org'", "a package could not be downloaded")]
    [InlineData("E: Unable to locate package nodejs", "a package it needs is not in the package mirror")]
    [InlineData("write /var/lib/docker/tmp: no space left on device", "out of disk space")]
    [InlineData("something else entirely", "a build step failed")]
    public void A_failure_is_described_from_the_builds_last_lines(string line, string expected)
    {
        var message = BuildFailure.Describe("The command '/bin/sh -c apt-get update' returned a non-zero code: 100", ["Step 2/4 : RUN apt-get update", line]);

        Assert.StartsWith("The template image could not be built: ", message, StringComparison.Ordinal);
        Assert.Contains(expected, message, StringComparison.Ordinal);
    }
}
