import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * pgJDBC against metaq serve --pg-port, as a Java user writes it; prints one JSON object a line.
 *
 * <p>Usage: {@code java -cp postgresql.jar JdbcCheck.java PORT [URL-PARAMS]} with the password in
 * PGPASSWORD. A PreparedStatement with a string and an int parameter, one PreparedStatement
 * executed 6 times, DatabaseMetaData's getTables and getColumns (pgJDBC's own queries of
 * pg_catalog), then a statement that fails. A step that throws prints a "failed" line and the
 * next step still runs.
 */
public class JdbcCheck {
  interface Step {
    void run() throws SQLException;
  }

  public static void main(String[] args) throws SQLException {
    String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/metaq" + (args.length > 1 ? "?" + args[1] : "");
    Properties properties = new Properties();
    properties.setProperty("user", "ada");
    properties.setProperty("password", System.getenv("PGPASSWORD"));
    try (Connection connection = DriverManager.getConnection(url, properties)) {
      DatabaseMetaData meta = connection.getMetaData();
      step("rows", () -> {
        String sql = "SELECT region, amount, day FROM sales WHERE region = ? AND amount >= ? ORDER BY day";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          statement.setString(1, "east");
          statement.setInt(2, 2);
          try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
              print(line("row", "region", rows.getString("region"), "amount",
                  rows.getBigDecimal("amount").toPlainString(), "day", rows.getDate("day").toString()));
            }
          }
        }
      });
      step("reused", () -> {
        // pgJDBC turns a PreparedStatement into a named server-side one at its prepareThreshold-th
        // execution (5 by default) and then asks for binary results.
        String sql = "SELECT count(*) AS n FROM sales WHERE amount >= ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          for (int least = 0; least < 6; least++) {
            statement.setInt(1, least);
            try (ResultSet rows = statement.executeQuery()) {
              rows.next();
              print(line("count", "least", least, "n", rows.getLong("n")));
            }
          }
        }
      });
      step("getTables", () -> {
        try (ResultSet tables = meta.getTables(null, null, "sales", null)) {
          while (tables.next()) {
            print(line("table", "catalog", tables.getString("TABLE_CAT"),
                "schema", tables.getString("TABLE_SCHEM"), "name", tables.getString("TABLE_NAME"),
                "type", tables.getString("TABLE_TYPE")));
          }
        }
      });
      step("getColumns", () -> {
        try (ResultSet columns = meta.getColumns(null, null, "sales", null)) {
          while (columns.next()) {
            print(line("column", "catalog", columns.getString("TABLE_CAT"),
                "position", columns.getInt("ORDINAL_POSITION"), "name", columns.getString("COLUMN_NAME"),
                "type", columns.getString("TYPE_NAME"), "sqlType", columns.getInt("DATA_TYPE")));
          }
        }
      });
      step("error", () -> {
        try (Statement statement = connection.createStatement()) {
          statement.executeQuery("SELECT * FROM no_such_table");
          print(line("no error"));
        } catch (SQLException error) {
          print(line("error", "sqlstate", error.getSQLState(), "message", error.getMessage()));
        }
      });
    }
  }

  static void step(String name, Step step) {
    try {
      step.run();
    } catch (SQLException error) {
      print(line("failed", "step", name, "sqlstate", error.getSQLState(), "message", error.getMessage()));
    }
  }

  static Map<String, Object> line(String kind, Object... pairs) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("kind", kind);
    for (int i = 0; i < pairs.length; i += 2) line.put((String) pairs[i], pairs[i + 1]);
    return line;
  }

  static void print(Map<String, Object> line) {
    StringBuilder json = new StringBuilder("{");
    for (Map.Entry<String, Object> entry : line.entrySet()) {
      if (json.length() > 1) json.append(',');
      json.append(quote(entry.getKey())).append(':');
      Object value = entry.getValue();
      json.append(value instanceof Number || value == null ? String.valueOf(value) : quote(value.toString()));
    }
    System.out.println(json.append('}'));
  }

  static String quote(String text) {
    StringBuilder quoted = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') quoted.append('\\').append(c);
      else if (c < 0x20) quoted.append(String.format("\\u%04x", (int) c));
      else quoted.append(c);
    }
    return quoted.append('"').toString();
  }
}
