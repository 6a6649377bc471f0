package io.evidencekit.notify.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny real SMTP server on a local socket that answers from a script, for the replies GreenMail
 * will not give: 421 at the greeting, 451/550 to RCPT TO, 554 after DATA, or no answer at all.
 * It handles one connection at a time, which is all these tests need.
 */
final class ScriptedSmtpServer implements AutoCloseable {
  /** The replies to give; {@code silent} accepts the connection and never says a word. */
  record Script(String greeting, String rcptReply, String dataReply, boolean silent) {
    static Script normal() {
      return new Script("220 scripted ESMTP", "250 OK", "250 OK queued", false);
    }

    Script greeting(String reply) {
      return new Script(reply, rcptReply, dataReply, silent);
    }

    Script rcpt(String reply) {
      return new Script(greeting, reply, dataReply, silent);
    }

    Script data(String reply) {
      return new Script(greeting, rcptReply, reply, silent);
    }

    static Script silence() {
      return new Script("", "", "", true);
    }
  }

  private final Script script;
  private final ServerSocket server;
  private final Thread thread;
  private final List<String> commands = new CopyOnWriteArrayList<>();

  ScriptedSmtpServer(Script script) {
    this.script = script;
    try {
      this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.thread = new Thread(this::serve, "scripted-smtp");
    thread.setDaemon(true);
    thread.start();
  }

  int port() {
    return server.getLocalPort();
  }

  /** Every command line the client sent, in order (message content excluded). */
  List<String> commands() {
    return List.copyOf(commands);
  }

  @Override
  public void close() throws IOException {
    server.close();
    try {
      thread.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void serve() {
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        converse(socket);
      } catch (IOException e) {
        // The server socket was closed, or the client hung up: either way this conversation is over.
      }
    }
  }

  private void converse(Socket socket) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
    OutputStream out = socket.getOutputStream();
    if (script.silent()) {
      while (in.readLine() != null) {
        // Say nothing until the client gives up.
      }
      return;
    }
    reply(out, script.greeting());
    if (!script.greeting().startsWith("2")) {
      return;
    }
    for (String line; (line = in.readLine()) != null; ) {
      commands.add(line);
      String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(Locale.ROOT) : line;
      switch (verb) {
        case "EHLO", "HELO" -> reply(out, "250 scripted");
        case "MAIL", "RSET", "NOOP" -> reply(out, "250 OK");
        case "RCPT" -> reply(out, script.rcptReply());
        case "DATA" -> {
          reply(out, "354 End data with <CR><LF>.<CR><LF>");
          for (String data; (data = in.readLine()) != null && !data.equals("."); ) {
            // Content is not recorded: the tests look at replies, not at the message.
          }
          reply(out, script.dataReply());
        }
        case "QUIT" -> {
          reply(out, "221 Bye");
          return;
        }
        default -> reply(out, "502 Command not implemented");
      }
    }
  }

  private static void reply(OutputStream out, String line) throws IOException {
    out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }
}
