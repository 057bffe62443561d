package dev.hubbub.server.hub;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Who is online: each person once, however many streams they hold. A person is known by their name, compared
 * case-insensitively; the first spelling seen is the one shown. Someone whose last stream closed stays listed for a
 * grace period, so a reload or a brief reconnect does not announce a leave and a join.
 *
 * <p>Not thread-safe: the room calls it under its lock.
 */
final class Presence {
    private static final class Person {
        final String name;
        int streams;
        /** Bumped on every change, so a grace timer can tell whether it is still the latest word. */
        long generation;

        Person(String name) {
            this.name = name;
        }
    }

    private final Map<String, Person> people = new LinkedHashMap<>();

    static String keyOf(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    /** Counts one more stream for {@code name}; true when that puts the person online (they were not listed). */
    boolean streamOpened(String name) {
        Person person = people.get(keyOf(name));
        boolean joined = person == null;
        if (joined) {
            person = new Person(name.strip());
            people.put(keyOf(name), person);
        }
        person.streams++;
        person.generation++;
        return joined;
    }

    /** Counts one stream less; returns the generation a grace timer should check, or -1 while streams remain. */
    long streamClosed(String key) {
        Person person = people.get(key);
        if (person == null || --person.streams > 0) {
            return -1;
        }
        return ++person.generation;
    }

    /** After the grace period: removes the person if nothing changed since; returns their name, or null. */
    String graceExpired(String key, long generation) {
        Person person = people.get(key);
        if (person == null || person.streams > 0 || person.generation != generation) {
            return null;
        }
        people.remove(key);
        return person.name;
    }

    /** Adds everyone listed to {@code all} (by key, unless there already). */
    void addTo(Map<String, String> all) {
        people.forEach((key, person) -> all.putIfAbsent(key, person.name));
    }

    List<String> online() {
        List<String> names = new ArrayList<>(people.size());
        people.values().forEach(p -> names.add(p.name));
        return names;
    }
}
