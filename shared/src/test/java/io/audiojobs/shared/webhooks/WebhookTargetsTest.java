package io.audiojobs.shared.webhooks;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookTargetsTest {
    private final WebhookTargets guarded = new WebhookTargets(false);
    private final WebhookTargets open = new WebhookTargets(true);

    @Test
    void internal_addresses_are_recognised() throws Exception {
        for (String internal : new String[] {"127.0.0.1", "127.8.9.10", "10.1.2.3", "172.16.0.1", "172.31.255.255",
                "192.168.1.1", "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1",
                "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1"}) {
            assertThat(WebhookTargets.isInternal(InetAddress.getByName(internal))).as(internal).isTrue();
        }
        for (String external : new String[] {"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "193.0.14.129",
                "2001:4860:4860::8888", "::ffff:8.8.8.8"}) {
            assertThat(WebhookTargets.isInternal(InetAddress.getByName(external))).as(external).isFalse();
        }
    }

    @Test
    void internal_hosts_written_into_the_url_are_refused_without_a_lookup() {
        for (String url : new String[] {"http://localhost:8080/hook", "https://api.localhost/hook", "http://127.0.0.1/x",
                "http://[::1]:9000/x", "http://169.254.169.254/latest/meta-data", "http://2130706433/x", "http://10.0.0.7/x"}) {
            assertThat(guarded.refusalAsWritten(URI.create(url))).as(url).hasValueSatisfying(why ->
                    assertThat(why).contains("WEBHOOK_ALLOW_PRIVATE_NETWORKS"));
            assertThat(open.refusalAsWritten(URI.create(url))).as(url).isEmpty();
        }
        assertThat(guarded.refusalAsWritten(URI.create("https://hooks.example.com/x"))).isEmpty();
        assertThat(guarded.refusalAsWritten(URI.create("http://8.8.8.8/x"))).isEmpty();
    }

    @Test
    void a_name_resolving_to_an_internal_address_is_refused_before_delivery() throws Exception {
        assertThat(guarded.refusalResolved(URI.create("http://localhost:1234/hook")))
                .hasValueSatisfying(why -> assertThat(why).contains("resolves to"));
        assertThat(open.refusalResolved(URI.create("http://localhost:1234/hook"))).isEmpty();
        assertThat(guarded.refusalResolved(URI.create("http://8.8.8.8/hook"))).isEmpty();
    }
}
