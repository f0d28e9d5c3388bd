package io.audiojobs.api;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** A client on a slow line (a pause mid-file) gets its whole file stored, not what had arrived by then. */
class SlowDirectUploadTest {
    private final ApiHarness api = ApiHarness.shared();

    @Test
    void a_pause_in_the_middle_of_the_file_stores_the_whole_file() throws Exception {
        byte[] audio = TestAudio.wav(1);
        String user = ApiHarness.newUser();
        String boundary = "slow-client-boundary";
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"slow.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        String statusLine;
        try (Socket slow = new Socket("localhost", api.uri("/").getPort())) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /api/v1/records HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + ApiHarness.token(user)
                    + "\r\nContent-Type: multipart/form-data; boundary=" + boundary + "\r\nContent-Length: "
                    + (head.length + audio.length + tail.length) + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(head);
            out.write(audio, 0, audio.length / 2);
            out.flush();
            Thread.sleep(1_500);
            out.write(audio, audio.length / 2, audio.length - audio.length / 2);
            out.write(tail);
            out.flush();
            statusLine = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
        assertThat(statusLine).startsWith("HTTP/1.1 202");
        long stored = api.database().jdbi().withHandle(h -> h.createQuery("SELECT size_bytes FROM uploads WHERE owner_id = ?")
                .bind(0, user).mapTo(Long.class).one());
        assertThat(stored).isEqualTo(audio.length);
    }
}
