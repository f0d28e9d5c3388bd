package io.audiojobs.worker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkDirTest {

    @TempDir Path root;

    @Test
    void a_jobs_folder_is_open_to_the_worker_alone_and_named_by_chance() throws Exception {
        WorkDir workDir = new WorkDir(root);

        try (WorkDir.Scratch first = workDir.scratch("convert-7");
                WorkDir.Scratch second = workDir.scratch("convert-7")) {
            Path dir = first.path("original").getParent();

            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
            assertThat(dir.getFileName().toString()).matches("convert-7-[0-9a-f-]{36}");
            assertThat(second.path("original").getParent()).isNotEqualTo(dir);
        }
    }

    @Test
    void closing_a_jobs_folder_removes_it_and_what_the_job_left_in_it() throws Exception {
        WorkDir.Scratch scratch = new WorkDir(root.resolve("work")).scratch("analyze-3");
        Files.writeString(scratch.path("normalized.wav"), "x");
        Path dir = scratch.path("normalized.wav").getParent();

        scratch.close();

        assertThat(dir).doesNotExist();
    }
}
