package dev.hubbub.server.http;

import dev.hubbub.server.store.Directory;
import java.util.Optional;
import org.eclipse.jetty.server.Request;

/**
 * Who a request comes from, worked out once per request and handed to the endpoint: the token it carries (the
 * {@code Authorization: Bearer} header, or the cookie an {@code EventSource} sends), the person that token proves,
 * whether they are a host, whether the host removed them, and the client's address (a trusted proxy's forwarded one:
 * {@link TrustedProxies}). Each fact is asked of the {@link Directory} the first time something needs it and then
 * kept, so a request costs at most one look-up of each however many checks read it (a shared store answers each over
 * the network).
 *
 * <p>One request's, on the threads that handle it in turn (never two at once).
 */
final class Caller {
    private final Directory directory;
    private final String token;
    private final String address;
    private Optional<Directory.Identity> identity;
    private Boolean host;
    private Optional<String> removed;

    private Caller(Directory directory, String token, String address) {
        this.directory = directory;
        this.token = token;
        this.address = address;
    }

    static Caller of(Directory directory, Request request) {
        return new Caller(directory, Authenticator.tokenOf(request), Request.getRemoteAddr(request));
    }

    /** The token the request carries, valid or not; null when none. */
    String token() {
        return token;
    }

    /** The person the token proves; empty without a token, with one that was never valid, or revoked, or removed. */
    Optional<Directory.Identity> identity() {
        if (identity == null) {
            identity = token == null ? Optional.empty() : directory.identify(token);
        }
        return identity;
    }

    /** Whether the caller is signed in and a host of the room. */
    boolean isHost() {
        if (host == null) {
            host = identity().map(who -> directory.isHost(who.key())).orElse(false);
        }
        return host;
    }

    /**
     * Why the token no longer works, when the host removed its holder ("the host removed Bob from this room"); null
     * otherwise (no token, a valid one, or one that was never valid).
     */
    /** The name of the person this token was, when the host removed them from the room; else null. */
    String removedName() {
        if (removed == null) {
            removed = token == null || identity().isPresent() ? Optional.empty()
                    : directory.holder(token).filter(who -> directory.isRemoved(who.key()))
                            .map(Directory.Identity::name);
        }
        return removed.orElse(null);
    }

    /** The client's address, as the per-address limits count it (a trusted proxy's forwarded one). */
    String address() {
        return address;
    }

    /** The address's key for the per-address limits ({@link AddressKey}: an IPv6 address by its /64). */
    String addressKey() {
        return AddressKey.of(address);
    }
}
