package dev.hubbub.server.store;

/** What every directory keeps of a device the same way: its public id, and its description clipped. */
final class Devices {
    private Devices() {
    }

    /**
     * The public id of the device whose token has this hash: the first 16 hex digits of a hash of the hash, so neither
     * the token nor the key it is stored under can be had from it.
     */
    static String id(String tokenHash) {
        return Secrets.hash("device\n" + tokenHash).substring(0, 16);
    }

    /** A device's description as kept: no line breaks, at most {@link Directory#MAX_DEVICE} characters. */
    static String clipped(String device) {
        if (device == null) {
            return "";
        }
        String one = device.replaceAll("\\p{Cntrl}", " ").strip();
        return one.codePointCount(0, one.length()) <= Directory.MAX_DEVICE ? one
                : one.substring(0, one.offsetByCodePoints(0, Directory.MAX_DEVICE));
    }
}
