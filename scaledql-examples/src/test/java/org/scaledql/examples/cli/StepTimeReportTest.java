package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The step-time line of ./scaledql train: units, the projection, and the GPU advice for runs of weeks or more. */
class StepTimeReportTest {

    @Test
    void durationsUseTheLargestSensibleUnit() {
        assertThat(StepTimeReport.duration(45)).isEqualTo("45 s");
        assertThat(StepTimeReport.duration(750)).isEqualTo("12.5 min");
        assertThat(StepTimeReport.duration(3 * 3600 + 720)).isEqualTo("3.2 h");
        assertThat(StepTimeReport.duration(4.1 * 86_400)).isEqualTo("4.1 days");
        assertThat(StepTimeReport.duration(3.9 * 365.25 * 86_400)).isEqualTo("3.9 years");
    }

    @Test
    void thePaperRunOnACpuProjectsToYearsAndPointsToTheCudaBackend() {
        String line = StepTimeReport.line(20.0, 4, 0, 6_250_000);
        assertThat(line).startsWith("train: 20.0 s/step (mean of steps 2-4").contains("6,250,000 steps projects to 4.0 years")
                .contains("That is years").contains("--backend cuda").contains("docs/performance.md");
        assertThat(StepTimeReport.line(0.01, 4, 0, 1_000)).contains("projects to 10 s")
                .contains("paper's 6,250,000 steps would take 17.4 h").doesNotContain("cuda");
        assertThat(StepTimeReport.line(19.5, 4, 0, 6)).contains("the whole run of 6 steps projects to 117 s")
                .contains("paper's 6,250,000 steps would take 3.9 years").contains("That is years")
                .contains("--backend cuda");
        assertThat(StepTimeReport.line(0.5, 1, 10, 1_000)).contains("1 step, graph building included")
                .contains("8.3 min for the 990 steps left");
    }
}
