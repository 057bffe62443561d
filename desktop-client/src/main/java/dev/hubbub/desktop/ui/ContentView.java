package dev.hubbub.desktop.ui;

import static dev.hubbub.desktop.ui.Words.t;

import dev.hubbub.chat.Content;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javafx.geometry.NodeOrientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import javafx.scene.text.TextFlow;

/**
 * Draws what the server read in a message ({@link Content}: paragraphs, code blocks, quotes, lists; bold, italics,
 * strikethrough, code, links, mentions, room links, line breaks) as JavaFX nodes. It reads nothing into a text
 * itself: a message without content is drawn as its plain text by the cell. Everything a person typed becomes the
 * text of a {@link Text} or a label, never markup.
 *
 * <p>FX thread only. Styles: {@code hubbub.css} ({@code .rich}, {@code .code-block}, {@code .quote-block}…).
 */
final class ContentView {
    /** What clicking in a message does. */
    record Handlers(Consumer<String> openLink, Consumer<String> openRoom, Predicate<String> isMe) {
    }

    private final Handlers handlers;

    ContentView(Handlers handlers) {
        this.handlers = handlers;
    }

    /** The blocks, one under the other. */
    VBox draw(List<Content.Block> blocks) {
        VBox box = new VBox(4);
        box.getStyleClass().add("rich");
        for (Content.Block block : blocks) {
            box.getChildren().add(block(block));
        }
        return box;
    }

    private Node block(Content.Block block) {
        if (block instanceof Content.Paragraph p) {
            return paragraph(p.c());
        }
        if (block instanceof Content.CodeBlock code) {
            return codeBlock(code);
        }
        if (block instanceof Content.Quote quote) {
            VBox box = draw(quote.c());
            box.getStyleClass().add("quote-block");
            return box;
        }
        if (block instanceof Content.BulletList list) {
            return list(list.items(), -1);
        }
        Content.NumberedList list = (Content.NumberedList) block;
        return list(list.items(), list.start());
    }

    /** Runs in a flow that wraps, its direction that of its first strong character (as the page's dir=auto). */
    TextFlow paragraph(List<Content.Inline> runs) {
        TextFlow flow = new TextFlow();
        flow.getStyleClass().add("paragraph");
        List<Node> nodes = new ArrayList<>();
        StringBuilder words = new StringBuilder();
        runs(runs, List.of(), nodes, words);
        flow.getChildren().setAll(nodes);
        flow.setNodeOrientation(Direction.of(words) == Direction.RIGHT_TO_LEFT ? NodeOrientation.RIGHT_TO_LEFT
                : NodeOrientation.LEFT_TO_RIGHT);
        return flow;
    }

    /** Adds the nodes for {@code runs}, each text styled by {@code styles} (bold, italic… from the runs around it). */
    private void runs(List<Content.Inline> runs, List<String> styles, List<Node> nodes, StringBuilder words) {
        for (Content.Inline run : runs) {
            if (run instanceof Content.Text t) {
                EmojiImages.addText(nodes, t.text(), styles);
                words.append(t.text());
            } else if (run instanceof Content.Break) {
                nodes.add(text("\n", styles));
            } else if (run instanceof Content.Bold b) {
                runs(b.c(), with(styles, "bold"), nodes, words);
            } else if (run instanceof Content.Italic i) {
                runs(i.c(), with(styles, "italic"), nodes, words);
            } else if (run instanceof Content.Strike s) {
                runs(s.c(), with(styles, "strike"), nodes, words);
            } else if (run instanceof Content.Code code) {
                nodes.add(text(code.text(), with(styles, "inline-code")));
                words.append(code.text());
            } else if (run instanceof Content.Link link) {
                String label = plain(link.c());
                Hyperlink node = new Hyperlink(label.isEmpty() ? link.href() : label);
                node.getStyleClass().addAll(styles);
                node.getStyleClass().add("link");
                if (!label.equals(link.href())) {
                    node.setTooltip(new javafx.scene.control.Tooltip(link.href()));
                }
                node.setOnAction(e -> handlers.openLink().accept(link.href()));
                nodes.add(node);
                words.append(label);
            } else if (run instanceof Content.Mention mention) {
                Text node = text(mention.text(), with(styles, "mention"));
                if (mention.everyone() || mention.name() != null && handlers.isMe().test(mention.name())) {
                    node.getStyleClass().add("mention-me");
                }
                nodes.add(node);
            } else if (run instanceof Content.RoomLink room) {
                Hyperlink node = new Hyperlink(room.text());
                node.getStyleClass().add("room-link");
                node.setOnAction(e -> handlers.openRoom().accept(room.id()));
                nodes.add(node);
            }
        }
    }

    private static List<String> with(List<String> styles, String style) {
        List<String> more = new ArrayList<>(styles);
        more.add(style);
        return more;
    }

    private static Text text(String words, List<String> styles) {
        return EmojiImages.text(words, styles);
    }

    /** The words of some runs, without their formatting (a link's label). */
    private static String plain(List<Content.Inline> runs) {
        StringBuilder out = new StringBuilder();
        for (Content.Inline run : runs) {
            if (run instanceof Content.Text t) {
                out.append(t.text());
            } else if (run instanceof Content.Code c) {
                out.append(c.text());
            } else if (run instanceof Content.Mention m) {
                out.append(m.text());
            } else if (run instanceof Content.RoomLink r) {
                out.append(r.text());
            } else if (run instanceof Content.Break) {
                out.append(' ');
            } else if (run instanceof Content.Bold b) {
                out.append(plain(b.c()));
            } else if (run instanceof Content.Italic i) {
                out.append(plain(i.c()));
            } else if (run instanceof Content.Strike s) {
                out.append(plain(s.c()));
            } else if (run instanceof Content.Link l) {
                out.append(plain(l.c()));
            }
        }
        return out.toString();
    }

    /** Monospace, whitespace kept, scrolled sideways rather than wrapped, with a button that copies it. */
    private Node codeBlock(Content.CodeBlock code) {
        Text text = new Text(code.text());
        text.getStyleClass().add("code-text");
        ScrollPane scroll = new ScrollPane(text);
        scroll.getStyleClass().add("code-scroll");
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.AS_NEEDED);
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setFitToHeight(true);
        scroll.setNodeOrientation(NodeOrientation.LEFT_TO_RIGHT);
        Button copy = new Button(t("code.copy"));
        copy.getStyleClass().add("copy");
        copy.setFocusTraversable(false);
        copy.setOnAction(e -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(code.text());
            javafx.scene.input.Clipboard.getSystemClipboard().setContent(content);
            copy.setText(t("code.copied"));
        });
        StackPane box = new StackPane(scroll, copy);
        StackPane.setAlignment(copy, Pos.TOP_RIGHT);
        box.getStyleClass().add("code-block");
        box.setMinWidth(0);
        return box;
    }

    /** A list: a bullet or number, then the item's blocks; {@code start} below 0 for bullets. */
    private Node list(List<List<Content.Block>> items, int start) {
        VBox list = new VBox(2);
        list.getStyleClass().add("list-block");
        int number = start;
        for (List<Content.Block> item : items) {
            Label marker = new Label(start < 0 ? "•" : number++ + ".");
            marker.getStyleClass().add("list-marker");
            marker.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
            VBox body = draw(item);
            HBox.setHgrow(body, Priority.ALWAYS);
            HBox row = new HBox(6, marker, body);
            list.getChildren().add(row);
        }
        return list;
    }

    /** Which way a text runs, by its first letter that has a direction (as the page's {@code dir="auto"}). */
    enum Direction {
        LEFT_TO_RIGHT, RIGHT_TO_LEFT;

        static Direction of(CharSequence text) {
            for (int i = 0; i < text.length(); ) {
                int c = Character.codePointAt(text, i);
                byte d = Character.getDirectionality(c);
                if (d == Character.DIRECTIONALITY_LEFT_TO_RIGHT) {
                    return LEFT_TO_RIGHT;
                }
                if (d == Character.DIRECTIONALITY_RIGHT_TO_LEFT
                        || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) {
                    return RIGHT_TO_LEFT;
                }
                i += Character.charCount(c);
            }
            return LEFT_TO_RIGHT;
        }
    }
}
