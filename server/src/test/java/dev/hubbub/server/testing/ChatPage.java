package dev.hubbub.server.testing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Hubbub's page in a browser tab, used as a person would: answer the name question, type, read. */
public final class ChatPage {
    public static final Duration WAIT = Duration.ofSeconds(15);

    private final WebDriver driver;

    public ChatPage(WebDriver driver) {
        this.driver = driver;
    }

    public WebDriver driver() {
        return driver;
    }

    /**
     * Polls {@code condition} until it holds. An element the page replaced while the condition read it (a history
     * reset renders the list anew) is no failure: the next poll reads the page as it is then.
     */
    public void waitUntil(Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(condition::apply);
    }

    /**
     * Clicks what {@code what} finds, found afresh on each try: a list the page draws anew (the rooms, when an unread
     * count changes) may replace the element between finding and clicking it.
     */
    public void click(By what) {
        waitUntil(d -> {
            d.findElement(what).click();
            return true;
        });
    }

    /** Opens the page and answers the name question; returns once the page says it is connected. */
    public ChatPage joinAs(URI page, String name) {
        driver.get(page.toString());
        WebElement input = driver.findElement(By.id("name-input"));
        waitUntil(d -> input.isDisplayed());
        input.sendKeys(name, Keys.ENTER);
        waitUntilConnected();
        return this;
    }

    /**
     * Joins rooms others made, as the room browser's Join does (a newcomer is in General alone), and waits until the
     * side list has them.
     */
    public void joinRooms(String... ids) {
        for (String id : ids) {
            Object status = ((org.openqa.selenium.JavascriptExecutor) driver).executeAsyncScript(
                    "const done = arguments[arguments.length - 1];"
                    + "fetch('/rooms/' + arguments[0] + '/membership', {method: 'PUT'}).then(r => done(r.status),"
                    + " () => done(0));", id);
            if (((Number) status).intValue() != 200) {
                throw new AssertionError("could not join " + id + ": HTTP " + status);
            }
            waitUntil(d -> !d.findElements(By.cssSelector("#nav a[data-conversation='" + id + "']")).isEmpty());
        }
    }

    /** Opens "More…" under one's name (passphrase, devices, export), when it is closed. */
    public void openMore() {
        if (driver.findElement(By.id("me-more")).getAttribute("open") == null) {
            click(By.cssSelector("#me-more summary"));
        }
    }

    public void waitUntilConnected() {
        waitUntil(d -> "connected".equals(d.findElement(By.tagName("body")).getAttribute("data-connection")));
    }

    public void say(String text) {
        driver.findElement(By.id("text")).sendKeys(text, Keys.ENTER);
    }

    /** The messages on the page, as "author: text" (the room's notices left out). */
    public List<String> messages() {
        List<String> shown = new ArrayList<>();
        for (WebElement item : driver.findElements(By.cssSelector("#messages li[data-id]:not(.notice)"))) {
            shown.add(item.findElement(By.className("author")).getAttribute("textContent") + ": "
                    + item.findElement(By.className("body")).getText());
        }
        return shown;
    }

    public void waitForMessage(String line) {
        waitUntil(d -> messages().contains(line));
    }

    public String online() {
        return driver.findElement(By.id("online")).getText();
    }

    /**
     * Opens the page's dialogs one after the other (the quick switcher, the shortcuts, the room's rules as its host,
     * a link code, one's passphrase and devices, signing out), then narrows the window to a phone's and opens its rooms, calling {@code look} with
     * each view's name while it shows; every dialog is closed again. The page is a host's, in a room.
     */
    public void walkDialogsAndPhone(java.util.function.Consumer<String> look) {
        driver.findElement(By.tagName("body")).sendKeys(Keys.chord(Keys.CONTROL, "k"));
        waitUntil(d -> d.findElement(By.id("switcher")).isDisplayed());
        look.accept("the quick switcher");
        driver.findElement(By.id("switcher-input")).sendKeys(Keys.ESCAPE);
        click(By.id("shortcuts-button"));
        waitUntil(d -> d.findElement(By.id("shortcuts")).isDisplayed());
        look.accept("the shortcuts");
        driver.findElement(By.id("shortcuts-close")).click();
        click(By.id("room-rules"));
        waitUntil(d -> d.findElement(By.id("rules-dialog")).isDisplayed());
        look.accept("a room's rules (host)");
        driver.findElement(By.cssSelector("#rules-dialog button[value=cancel]")).click();
        click(By.id("link-device"));
        waitUntil(d -> d.findElement(By.id("link-dialog")).isDisplayed());
        look.accept("a link code");
        driver.findElement(By.cssSelector("#link-dialog button[type=submit]")).click();
        click(By.id("console-open"));
        for (String tab : new String[] {"people", "rooms", "files", "door", "server"}) {
            click(By.id("console-tab-" + tab));
            waitUntil(d -> d.findElement(By.id("console-" + tab)).isDisplayed()
                    && (tab.equals("door") || !d.findElement(By.id("console-" + tab)).getText().isBlank()));
            look.accept("the host's console: " + tab);
        }
        driver.findElement(By.id("console-close")).click();
        openMore();
        click(By.id("passphrase-open"));
        waitUntil(d -> d.findElement(By.id("passphrase-dialog")).isDisplayed());
        look.accept("one's passphrase");
        driver.findElement(By.cssSelector("#passphrase-dialog button[value=cancel]")).click();
        click(By.id("devices-open"));
        waitUntil(d -> d.findElement(By.id("devices-dialog")).isDisplayed()
                && !d.findElements(By.cssSelector("#devices-list li")).isEmpty());
        look.accept("one's devices");
        driver.findElement(By.cssSelector("#devices-dialog button[type=submit]")).click();
        click(By.id("sign-out"));
        waitUntil(d -> d.findElement(By.id("sign-out-dialog")).isDisplayed());
        look.accept("signing out");
        driver.findElement(By.cssSelector("#sign-out-dialog button[value=cancel]")).click();

        // A phone: the side lists slide over the conversation.
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        waitUntil(d -> d.findElement(By.id("nav-toggle")).isDisplayed());
        look.accept("a phone");
        driver.findElement(By.id("nav-toggle")).click();
        waitUntil(d -> d.findElement(By.id("nav")).getAttribute("class").contains("open"));
        look.accept("a phone, the rooms open");
    }
}
