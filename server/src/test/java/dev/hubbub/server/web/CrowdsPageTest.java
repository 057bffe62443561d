package dev.hubbub.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.ChatPage;
import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.PageTest;
import dev.hubbub.server.testing.RunningServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * The page in a crowd: a newcomer's list holds General alone; the room browser finds, joins and leaves rooms (with
 * their topics and member counts); a room starred comes first, a hidden one folds away, a room not joined stays
 * quiet; the lists filter; the people directory lists who is offline too; and with many people online the reader's
 * own box and Sign out stay on the screen.
 */
class CrowdsPageTest extends PageTest {
    private final Http http = new Http();

    private static List<String> list(WebDriver driver, String id) {
        List<String> names = new ArrayList<>();
        for (WebElement link : driver.findElements(By.cssSelector("#" + id + " a"))) {
            names.add(link.findElement(By.className("place-name")).getText());
        }
        return names;
    }

    private static boolean onScreen(WebDriver driver, String id) {
        return Boolean.TRUE.equals(((JavascriptExecutor) driver).executeScript(
                "const box = document.getElementById(arguments[0]).getBoundingClientRect();"
                        + "return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;", id));
    }

    @Test
    void aNewcomerBrowsesJoinsStarsHidesAndLeavesRoomsAndFindsEveryone() throws Exception {
        server = RunningServer.start(dataDir);
        String bob = http.claim(server.uri("/"), "Bob");
        for (String room : List.of("Design", "Marketing", "Ops")) {
            http.send(bob, "POST", server.uri("/rooms"), "{\"name\":\"" + room + "\"}");
        }
        http.send(bob, "PUT", server.uri("/rooms/design/topic"), "{\"topic\":\"Everything we draw\"}");
        http.claim(server.uri("/"), "Zoë");   // offline all along
        List<Http.Stream> crowd = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                crowd.add(http.open(server.uri("/chat?name=Person%20" + i), null));   // online, without a name of their own
            }
            ChatPage ann = join("Ann");
            WebDriver driver = ann.driver();
            ann.waitUntil(d -> list(d, "rooms").equals(List.of("# General")));
            ann.waitUntil(d -> d.findElements(By.cssSelector("#online li")).size() == 41);
            assertThat(onScreen(driver, "sign-out")).as("Sign out stays on the screen above a long list").isTrue();
            assertThat(onScreen(driver, "my-name")).isTrue();

            // A room Ann is not in stays quiet.
            http.send(bob, "POST", server.uri("/chat"), "{\"room\":\"marketing\",\"text\":\"nobody here yet\"}");

            // The browser: every room, its topic and members; searched; Join.
            ann.click(By.id("browse-rooms"));
            ann.waitUntil(d -> d.findElements(By.cssSelector("#browse-list li")).size() == 4);
            assertThat(driver.findElement(By.id("browse-list")).getText()).contains("# Design", "1 member",
                    "Everything we draw", "# General", "3 members");
            driver.findElement(By.id("browse-search")).sendKeys("draw");
            ann.waitUntil(d -> d.findElements(By.cssSelector("#browse-list li")).size() == 1);
            driver.findElement(By.cssSelector("#browse-list button[aria-label='Join # Design']")).click();
            ann.waitUntil(d -> d.findElement(By.id("browse-list")).getText().contains("2 members"));
            driver.findElement(By.id("browse-close")).click();
            ann.waitUntil(d -> list(d, "rooms").equals(List.of("# General", "# Design")));
            assertThat(driver.findElements(By.cssSelector("#rooms .badge"))).as("Marketing counted nothing").isEmpty();

            // Its topic in the header; its menu stars it, then hides it.
            ann.click(By.cssSelector("#rooms a[data-conversation=design]"));
            ann.waitUntil(d -> d.findElement(By.id("room-topic")).getText().equals("Everything we draw"));
            ann.click(By.id("room-menu"));
            ann.waitUntil(d -> d.findElement(By.id("room-menu-dialog")).isDisplayed());
            driver.findElement(By.id("room-starred")).click();
            ann.waitUntil(d -> list(d, "starred").equals(List.of("# Design")));
            assertThat(list(driver, "rooms")).containsExactly("# General");
            WebElement topic = driver.findElement(By.id("room-topic-input"));
            topic.sendKeys(Keys.chord(Keys.CONTROL, "a"), "What we draw, and how");
            driver.findElement(By.id("room-topic-save")).click();
            ann.waitUntil(d -> d.findElement(By.id("room-topic")).getText().equals("What we draw, and how"));
            ann.waitUntil(d -> d.findElements(By.cssSelector("#messages li.notice")).stream()
                    .anyMatch(line -> line.getText().equals("Ann set the topic: What we draw, and how")));
            ann.click(By.id("room-menu"));
            driver.findElement(By.id("room-hidden")).click();
            ann.waitUntil(d -> d.findElement(By.id("hidden-rooms")).isDisplayed()
                    && list(d, "hidden").equals(List.of("# Design")));
            assertThat(list(driver, "starred")).isEmpty();
            driver.findElement(By.id("room-hidden")).click();
            ann.waitUntil(d -> list(d, "starred").equals(List.of("# Design")));

            driver.findElement(By.cssSelector("#room-menu-dialog button[value=cancel]")).click();
            ann.waitUntil(d -> !d.findElement(By.id("room-menu-dialog")).isDisplayed());

            // Sections fold; the filter finds a room by part of its name, accents aside.
            driver.findElement(By.cssSelector("button[aria-controls=rooms]")).click();
            ann.waitUntil(d -> !d.findElement(By.id("rooms")).isDisplayed());
            driver.findElement(By.cssSelector("button[aria-controls=rooms]")).click();
            driver.findElement(By.id("nav-filter")).sendKeys("GEN");
            ann.waitUntil(d -> list(d, "starred").isEmpty() && list(d, "rooms").equals(List.of("# General")));
            driver.findElement(By.id("nav-filter")).sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);

            // Leave: back in General, and Design is gone from the list.
            ann.click(By.id("room-menu"));
            driver.findElement(By.id("room-leave")).click();
            ann.waitUntil(d -> list(d, "starred").isEmpty() && list(d, "rooms").equals(List.of("# General")));
            ann.waitUntil(d -> d.findElement(By.id("conversation-name")).getText().equals("# General"));

            // The people directory: everyone, online or not; the online list filters.
            driver.findElement(By.id("online-filter")).sendKeys("person 1");
            ann.waitUntil(d -> d.findElements(By.cssSelector("#online li")).size() == 11);
            ann.click(By.id("everyone-button"));
            ann.waitUntil(d -> d.findElement(By.id("people-list")).getText().contains("Zoë"));
            driver.findElement(By.id("people-search")).sendKeys("zoe");
            ann.waitUntil(d -> d.findElements(By.cssSelector("#people-list li")).size() == 1);
            assertThat(driver.findElement(By.cssSelector("#people-list .status-mark")).getAttribute("class"))
                    .contains("offline");
            driver.findElement(By.cssSelector("#people-list a")).click();
            ann.waitUntil(d -> d.findElement(By.id("conversation-name")).getText().equals("@ Zoë"));
        } finally {
            crowd.forEach(Http.Stream::close);
        }
    }
}
