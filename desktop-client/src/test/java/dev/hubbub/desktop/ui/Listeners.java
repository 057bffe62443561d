package dev.hubbub.desktop.ui;

import java.lang.reflect.Field;
import javafx.beans.value.ObservableValue;

/**
 * How many listeners an observable holds, read from JavaFX's internal {@code ExpressionHelper}, to prove that
 * something does not register listeners without end. Fails loudly if JavaFX's internals ever change shape.
 */
final class Listeners {
    private Listeners() {
    }

    static int on(ObservableValue<?> observable) {
        try {
            Object helper = field(observable.getClass(), "helper").get(observable);
            if (helper == null) {
                return 0;
            }
            String kind = helper.getClass().getSimpleName();
            if (kind.startsWith("Single")) {
                return 1;
            }
            return (int) field(helper.getClass(), "invalidationSize").get(helper)
                    + (int) field(helper.getClass(), "changeSize").get(helper);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("cannot count the listeners of " + observable + " on this JavaFX", e);
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        throw new NoSuchFieldException(name + " in " + type);
    }
}
