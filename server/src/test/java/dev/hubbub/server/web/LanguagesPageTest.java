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
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

/**
 * The page in other languages: chosen from the browser's languages, switchable in the page, Arabic right to left;
 * and the pseudo-language (English accented and a third longer, in ⟦ ⟧) over every view, at desktop and phone width:
 * every word the page shows comes from a catalog, and none is cut off.
 */
class LanguagesPageTest extends PageTest {
    private final Http http = new Http();
    private final List<String> problems = new ArrayList<>();

    /**
     * What is wrong with the page as shown: visible words that are not the pseudo-language's (so not from a catalog),
     * once the people's own words ({@code theirs}) and the browser's dates are taken out; catalog words cut off by an
     * ellipsis or a clipping box; a page wider than the window.
     */
    private static final String CHECK = """
            const theirs = arguments[0];
            const pseudoOnly = arguments[1];
            const problems = [];
            const visible = el => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })
                && !el.closest('.visually-hidden, [hidden]');
            const dates = /\\b(AM|PM|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun|January|February|March|April|June|July|August|September|October|November|December)\\b/g;
            const foreign = text => {
              if (!pseudoOnly || text.includes('⟦')) return false;
              let rest = text.replace(dates, '');
              for (const words of theirs) rest = rest.split(words).join('');
              return /[A-Za-z]{2,}/.test(rest);
            };
            const exempt = el => el.closest('kbd, code, time, #link-code, .language-choice, [translate=no], script, style');
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
              const el = node.parentElement;
              const text = node.textContent.trim();
              if (!text || exempt(el) || !visible(el)) continue;
              if (foreign(text)) problems.push('not from a catalog: "' + text + '" in ' + el.outerHTML.slice(0, 120));
            }
            for (const el of document.body.querySelectorAll('[title], [placeholder], [aria-label]')) {
              if (exempt(el) || el.matches('[data-emoji], [data-emoji] *') || !visible(el)) continue;
              for (const name of ['title', 'placeholder', 'aria-label']) {
                const text = el.getAttribute(name);
                if (text && foreign(text)) problems.push('not from a catalog: ' + name + '="' + text + '" on '
                    + el.outerHTML.slice(0, 120));
              }
            }
            for (const el of document.body.querySelectorAll('*')) {
              const own = [...el.childNodes].some(n => n.nodeType === 3 && (pseudoOnly ? n.textContent.includes('⟦')
                  : n.textContent.trim() && !theirs.some(words => n.textContent.includes(words))));
              if (!own || !visible(el)) continue;
              const style = getComputedStyle(el);
              if (style.textOverflow === 'ellipsis' && el.scrollWidth > el.clientWidth + 1) {
                problems.push('cut off by an ellipsis: ' + el.outerHTML.slice(0, 120));
                continue;
              }
              const box = el.getBoundingClientRect();
              for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
                const clip = getComputedStyle(up);
                const edge = up.getBoundingClientRect();
                const clipsX = clip.overflowX === 'hidden' || clip.overflowX === 'clip';
                const clipsY = clip.overflowY === 'hidden' || clip.overflowY === 'clip';
                const scrolls = /auto|scroll/.test(clip.overflowX + clip.overflowY);
                if ((clipsX && (box.right > edge.right + 1 || box.left < edge.left - 1))
                    || (clipsY && (box.bottom > edge.bottom + 1 || box.top < edge.top - 1))) {
                  problems.push('clipped by ' + up.tagName + '.' + up.className + ': ' + el.outerHTML.slice(0, 120));
                  break;
                }
                if (scrolls) break; // what a box scrolls to is not cut off
              }
            }
            if (document.documentElement.scrollWidth > window.innerWidth + 1) {
              const beyond = [...document.body.querySelectorAll('*')].filter(el => visible(el)
                  && el.getBoundingClientRect().right > window.innerWidth + 1).map(el => el.outerHTML.slice(0, 80));
              problems.push('the page is wider than the window: ' + document.documentElement.scrollWidth + ' > '
                  + window.innerWidth + ': ' + beyond.slice(0, 3).join(' | '));
            }
            return problems;
            """;

    private static final List<String> THEIRS = List.of("Test room", "Ann", "Bob", "Cy", "Design", "General",
            "hello there", "Everything we draw", "a reply in the thread", "hello", "there", "Hubbub", "localhost", "ABCD");

    /** The pseudo-language's checks: every word from a catalog, none cut off. */
    private void check(ChatPage page, String view) {
        check(page, view, true);
    }

    /** In a real language, only whether its words are cut off ({@code pseudo} false). */
    @SuppressWarnings("unchecked")
    private void check(ChatPage page, String view, boolean pseudo) {
        // Panels that slide are looked at where they stop.
        page.waitUntil(d -> (Boolean) ((ChromeDriver) d).executeScript("return document.getAnimations().length === 0"));
        List<String> found = (List<String>) ((ChromeDriver) page.driver()).executeScript(CHECK, THEIRS, pseudo);
        found.forEach(problem -> problems.add(view + ": " + problem));
    }

    private static WebElement message(ChatPage page, String text) {
        By item = By.xpath("//ol[@id='messages']/li[@data-id][.//div[contains(@class,'body')][contains(., '"
                + text + "')]]");
        page.waitUntil(d -> !d.findElements(item).isEmpty());
        return page.driver().findElement(item);
    }

    @Test
    void theBrowsersLanguageFirstThenTheReadersChoiceArabicRightToLeft() throws Exception {
        server = RunningServer.start(dataDir);
        ChromeDriver browser = browser("--accept-lang=de-DE,de");
        ChatPage ann = new ChatPage(browser);
        browser.get(server.uri("/").toString());
        ann.waitUntil(d -> d.findElement(By.id("name-input")).isDisplayed());
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("de");
        assertThat(browser.findElement(By.cssSelector("#name-form button[type=submit]")).getText())
                .isEqualTo("Beitreten");
        browser.findElement(By.id("name-input")).sendKeys("Ann", Keys.ENTER);
        ann.waitUntilConnected();
        assertThat(browser.findElement(By.id("send")).getText()).isEqualTo("Senden");
        assertThat(browser.findElement(By.id("connection")).getText()).isEqualTo("Verbunden");
        // German runs long: nothing of it is cut off, on a desktop or a phone.
        check(ann, "German", false);
        browser.manage().window().setSize(new Dimension(390, 844));
        ann.waitUntil(d -> d.findElement(By.id("nav-toggle")).isDisplayed());
        check(ann, "German, a phone", false);
        browser.findElement(By.id("people-toggle")).click();
        ann.waitUntil(d -> d.findElement(By.id("people")).getAttribute("class").contains("open"));
        check(ann, "German, a phone, the people open", false);
        browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        browser.manage().window().setSize(new Dimension(1100, 800));
        ann.waitUntil(d -> !d.findElement(By.id("nav-toggle")).isDisplayed());

        // Chosen in the page: it reloads in Arabic, mirrored, and stays so.
        new Select(browser.findElement(By.id("language"))).selectByValue("ar");
        ann.waitUntil(d -> "ar".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        ann.waitUntilConnected();
        assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
        assertThat(browser.findElement(By.id("send")).getText()).isEqualTo("إرسال");
        int nav = browser.findElement(By.id("nav")).getRect().getX();
        int messages = browser.findElement(By.id("messages")).getRect().getX();
        assertThat(nav).as("the rooms are on the right, right to left").isGreaterThan(messages);
        ann.say("مرحبا");
        ann.waitForMessage("Ann: مرحبا");
        check(ann, "Arabic", false);
        browser.manage().window().setSize(new Dimension(390, 844));
        ann.waitUntil(d -> d.findElement(By.id("nav-toggle")).isDisplayed());
        browser.findElement(By.id("nav-toggle")).click();
        ann.waitUntil(d -> d.findElement(By.id("nav")).getAttribute("class").contains("open"));
        check(ann, "Arabic, a phone, the rooms open", false);
        browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        browser.manage().window().setSize(new Dimension(1100, 800));
        browser.navigate().refresh();
        ann.waitUntilConnected();
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("ar");
        assertThat(new Select(browser.findElement(By.id("language"))).getFirstSelectedOption().getAttribute("value"))
                .isEqualTo("ar");
        assertThat(problems).as("what German and Arabic show").isEmpty();
    }

    @Test
    void everyViewInThePseudoLanguageHasEveryWordFromACatalogAndNoneCutOff() throws Exception {
        server = RunningServer.start(dataDir);
        String bob = http.claim(server.uri("/"), "Bob");
        http.makeRoom(server.uri("/"), "Cy", "Design");
        http.send(bob, "PUT", server.uri("/profile/status"), "{\"state\":\"away\"}");

        ChromeDriver browser = browser();
        ChatPage ann = new ChatPage(browser);
        browser.get(server.uri("/").toString());
        browser.executeScript("localStorage.setItem('hubbub.lang', 'en-XA');");
        browser.get(server.uri("/?host=" + server.server().hostToken()).toString());
        ann.waitUntil(d -> d.findElement(By.id("name-input")).isDisplayed());
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en-XA");
        check(ann, "the name question");
        browser.findElement(By.id("name-input")).sendKeys("Ann", Keys.ENTER);
        ann.waitUntilConnected();
        ann.waitUntil(d -> d.findElement(By.id("host-panel")).isDisplayed());
        ann.joinRooms("design");

        http.send(bob, "POST", server.uri("/chat"), "{\"room\":\"general\",\"text\":\"hello there\"}");
        ann.say("hello");
        ann.waitForMessage("Bob: hello there");
        WebElement theirs = message(ann, "hello there");
        new Actions(browser).moveToElement(theirs).perform();
        ann.waitUntil(d -> theirs.findElement(By.className("action-react")).isDisplayed());
        check(ann, "a room, with the host's tools and a message's actions");
        browser.findElement(By.id("text")).click();
        check(ann, "writing (the formatting help)");

        new Actions(browser).moveToElement(theirs).perform();
        ann.waitUntil(d -> theirs.findElement(By.className("action-react")).isDisplayed());
        theirs.findElement(By.className("action-react")).click();
        ann.waitUntil(d -> d.findElement(By.cssSelector(".picker")).isDisplayed());
        browser.findElement(By.cssSelector(".picker .more")).click();
        ann.waitUntil(d -> d.findElement(By.id("emoji-picker")).isDisplayed());
        check(ann, "the emoji picker");
        browser.findElement(By.cssSelector("#emoji-picker .emoji-cells button")).click();
        ann.waitUntil(d -> !theirs.findElements(By.cssSelector(".reactions button")).isEmpty());

        new Actions(browser).moveToElement(theirs).perform();
        ann.waitUntil(d -> theirs.findElement(By.className("action-thread")).isDisplayed());
        theirs.findElement(By.className("action-thread")).click();
        ann.waitUntil(d -> d.findElement(By.id("thread-view")).isDisplayed());
        browser.findElement(By.id("thread-text")).sendKeys("a reply in the thread", Keys.ENTER);
        ann.waitUntil(d -> d.findElement(By.id("thread-messages")).getText().contains("a reply in the thread"));
        check(ann, "the thread panel");
        browser.findElement(By.id("thread-close")).click();

        browser.findElement(By.id("search")).sendKeys("hello", Keys.ENTER);
        ann.waitUntil(d -> d.findElement(By.id("search-results")).isDisplayed()
                && !d.findElements(By.cssSelector("#search-list li")).isEmpty());
        check(ann, "search results");
        browser.findElement(By.id("search-close")).click();

        browser.get(server.uri("/#@Bob").toString());
        ann.waitUntilConnected();
        ann.waitUntil(d -> d.findElement(By.id("conversation-status")).isDisplayed());
        check(ann, "a direct conversation");
        browser.get(server.uri("/#design").toString());
        ann.waitUntilConnected();
        ann.waitUntil(d -> d.findElement(By.id("room-menu")).isDisplayed());

        ann.click(By.id("room-menu"));
        ann.waitUntil(d -> d.findElement(By.id("room-menu-dialog")).isDisplayed());
        check(ann, "a room's menu");
        // A notice (what was done to the room) comes from the server as a sentence the page says in its language.
        browser.findElement(By.id("room-topic-input")).sendKeys("Everything we draw");
        browser.findElement(By.id("room-topic-save")).click();
        ann.waitUntil(d -> d.findElements(By.cssSelector("#messages li.notice")).stream()
                .anyMatch(li -> li.getText().contains("⟦") && li.getText().contains("Everything we draw")));
        ann.click(By.id("browse-rooms"));
        ann.waitUntil(d -> !d.findElements(By.cssSelector("#browse-list li")).isEmpty());
        check(ann, "the room browser");
        browser.findElement(By.id("browse-close")).click();
        ann.click(By.id("everyone-button"));
        ann.waitUntil(d -> !d.findElements(By.cssSelector("#people-list li")).isEmpty());
        check(ann, "the people directory");
        browser.findElement(By.id("people-close")).click();
        ann.walkDialogsAndPhone(view -> check(ann, view));
        browser.findElement(By.tagName("body")).sendKeys(Keys.ESCAPE);
        ann.waitUntil(d -> !d.findElement(By.id("nav")).getAttribute("class").contains("open"));
        browser.findElement(By.id("people-toggle")).click();
        ann.waitUntil(d -> d.findElement(By.id("people")).getAttribute("class").contains("open"));
        check(ann, "a phone, the people open");

        assertThat(problems).as("what the pseudo-language shows").isEmpty();
    }
}
