package dev.videojobs.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Renders the capability table of {@link ProductModel} as the README's model x provider x field matrix (Markdown). */
public final class CapabilityMatrix {

    private CapabilityMatrix() {
    }

    public static String markdown() {
        record Column(ProductModel model, ProviderName provider, ProductModel.Route route) {}
        List<Column> columns = new ArrayList<>();
        for (ProductModel model : ProductModel.values()) {
            for (ProviderName provider : ProviderName.values()) {
                model.route(provider).ifPresent(route -> columns.add(new Column(model, provider, route)));
            }
        }
        StringBuilder table = new StringBuilder("| field |");
        columns.forEach(column -> table.append(" `").append(column.model().id()).append("` ").append(column.provider().wire()).append(" |"));
        table.append("\n|---|").append("---|".repeat(columns.size())).append('\n');
        for (Field field : Field.values()) {
            table.append("| `").append(field.wire()).append('`').append(field.limits().isEmpty() ? "" : " (" + field.limits() + ")").append(" |");
            for (Column column : columns) {
                table.append(' ').append(cell(column.route(), field).orElse("")).append(" |").toString();
            }
            table.append('\n');
        }
        return table.toString();
    }

    private static Optional<String> cell(ProductModel.Route route, Field field) {
        if (!route.fields().contains(field)) {
            return Optional.empty();
        }
        String support = route.required().contains(field) ? "required" : "yes";
        String name = route.providerName(field);
        return Optional.of(name.equals(field.wire()) ? support : support + " (`" + name + "`)");
    }
}
