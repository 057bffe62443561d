package dev.hubbub.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hubbub.server.testing.Http;
import dev.hubbub.server.testing.RunningServer;
import java.nio.file.Path;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server's sentences in the asker's language: the page's cookie first, then Accept-Language, else English; a
 * message's broken rule (from the shared model), a refusal, a rate limit's "try again", and a sentence within one.
 */
class LanguagesTest {
    @TempDir
    Path dataDir;

    private final Http http = new Http();
    private RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(dataDir);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Http.Reply post(String path, String json, String header, String value) throws Exception {
        Request.Builder request = new Request.Builder().url(server.uri(path).toString())
                .post(RequestBody.create(json, Http.JSON));
        if (header != null) {
            request.header(header, value);
        }
        return http.send(request.build());
    }

    @Test
    void englishUnlessTheAskerSpeaksAnotherLanguageHubbubHas() throws Exception {
        assertThat(post("/session", "{}", null, null).body().trim())
                .isEqualTo("send a name to claim, a link code, or a token");
        assertThat(post("/session", "{}", "Accept-Language", "de-DE,de;q=0.9,en;q=0.8").body().trim())
                .isEqualTo("schicke einen Namen zum Beanspruchen, einen Verknüpfungscode oder ein Token");
        assertThat(post("/session", "{}", "Accept-Language", "pt-BR,es;q=0.9").body().trim())
                .as("the first language Hubbub has").startsWith("envía un nombre");
        assertThat(post("/session", "{}", "Accept-Language", "ja").body().trim())
                .as("none Hubbub has: English").startsWith("send a name");
        // The page's own choice wins over the browser's languages.
        Http.Reply chosen = http.send(new Request.Builder().url(server.uri("/session").toString())
                .header("Accept-Language", "de").header("Cookie", "hubbub-lang=ar")
                .post(RequestBody.create("{}", Http.JSON)).build());
        assertThat(chosen.body().trim()).isEqualTo("أرسل اسمًا لتحجزه، أو رمز ربط، أو رمزًا مميزًا");
    }

    @Test
    void aMessagesBrokenRuleARefusalAndASentenceWithinOneAreSaidInTheAskersLanguage() throws Exception {
        // A rule of the shared model: a name with a control character.
        Http.Reply bad = post("/session", "{\"name\":\"A\\u0007nn\"}", "Accept-Language", "fr");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("le nom contient un caractère de contrôle"); // the field named in French too
        // A refusal naming a character class, itself a sentence, said in the same language.
        Http.Reply invisible = post("/session", "{\"name\":\"An\\u200Bn\"}", "Accept-Language", "es");
        assertThat(invisible.status()).isEqualTo(400);
        assertThat(invisible.body()).contains("un carácter invisible o que cambia la dirección");
        // A refusal of the server's: no such room.
        String ann = http.claim(server.uri("/"), "Ann");
        Http.Reply nowhere = http.send(new Request.Builder().url(server.uri("/chat").toString())
                .header("Authorization", "Bearer " + ann).header("Accept-Language", "de")
                .post(RequestBody.create("{\"room\":\"nowhere\",\"text\":\"hi\"}", Http.JSON)).build());
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.body().trim()).isEqualTo("es gibt keinen Raum „nowhere“");
    }

    @Test
    void aNoticeIsKeptAsASentenceWhichClientsSayInTheirLanguageAndItsTextIsTheEnglish() throws Exception {
        String ann = http.claim(server.uri("/"), "Ann");
        assertThat(http.send(ann, "POST", server.uri("/host/claim"),
                "{\"token\":\"" + server.server().hostToken() + "\"}").status()).isEqualTo(200);
        http.claim(server.uri("/"), "Bob");
        assertThat(http.send(ann, "POST", server.uri("/host/mute"), "{\"name\":\"Bob\",\"minutes\":120}").status())
                .isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode history = dev.hubbub.chat.ChatJson.mapper().readTree(http.send(
                new Request.Builder().url(server.uri("/chat/history?room=general").toString()).build()).body());
        com.fasterxml.jackson.databind.JsonNode notice = history.get("messages").get(0);
        assertThat(notice.get("notice").asBoolean()).isTrue();
        assertThat(notice.get("text").asText()).isEqualTo("Ann muted Bob for 2 hours");
        com.fasterxml.jackson.databind.JsonNode said = notice.get("said");
        assertThat(said.get("key").asText()).isEqualTo("notice.muted");
        assertThat(said.at("/values/time/key").asText()).isEqualTo("notice.hours");
        assertThat(said.at("/values/time/values/count").asInt()).isEqualTo(2);
        // As a client says it: the page's and the app's catalogs, with the plural form of each language.
        dev.hubbub.chat.Sentence sentence = dev.hubbub.chat.ChatJson.mapper().treeToValue(said,
                dev.hubbub.chat.Sentence.class);
        assertThat(dev.hubbub.server.text.Catalog.of(java.util.Locale.GERMAN).say(sentence))
                .isEqualTo("Ann hat Bob für 2 Stunden stummgeschaltet");
        assertThat(dev.hubbub.server.text.Catalog.of(java.util.Locale.forLanguageTag("ar")).say(sentence))
                .isEqualTo("كتم Ann Bob لمدة ساعتين");
    }
}
