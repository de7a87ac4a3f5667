package dev.orderpipeline.catalog.rest;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import dev.orderpipeline.catalog.events.StockLevels;
import dev.orderpipeline.catalog.Product;
import dev.orderpipeline.catalog.service.CatalogPropagation;
import dev.orderpipeline.catalog.service.CatalogService;
import dev.orderpipeline.catalog.service.ProductChange;
import dev.orderpipeline.platform.problem.FieldError;
import dev.orderpipeline.platform.problem.InvalidRequestException;
import dev.orderpipeline.platform.security.AdminIdentityProvider;

/** The product catalog: administrators create and change products; anyone can read them. */
@Path("/api/products")
@Produces(MediaType.APPLICATION_JSON)
public class ProductResource {

    private static final Pattern SKU = Pattern.compile("^[A-Za-z0-9._-]{1,64}$");
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000000");

    /** Says whether the answer came once the product was orderable ({@code complete}) or before ({@code pending}). */
    public static final String PROPAGATION_HEADER = "Catalog-Propagation";

    private final CatalogService catalog;
    private final StockLevels inventory;
    private final CatalogPropagation propagation;

    ProductResource(CatalogService catalog, StockLevels inventory, CatalogPropagation propagation) {
        this.catalog = catalog;
        this.inventory = inventory;
        this.propagation = propagation;
    }

    /**
     * Creates or changes a product and answers once it is orderable as changed: 200 when checkout's prices and
     * inventory's stock hold the change, 202 with {@code Catalog-Propagation: pending} if they did not within
     * {@code app.catalog.propagation-timeout} (the change is stored and still on its way).
     */
    @PUT
    @Path("/{sku}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(AdminIdentityProvider.ADMIN_ROLE)
    public Response put(@PathParam("sku") String sku, ProductChange change) {
        validate(sku, change);
        Product product = catalog.put(sku, change);
        ProductView view = new ProductView(product.sku, product.name, product.price, product.stock);
        if (propagation.awaitOrderable(sku, product.version)) {
            return Response.ok(view).header(PROPAGATION_HEADER, "complete").build();
        }
        return Response.accepted(view).header(PROPAGATION_HEADER, "pending").header("Retry-After", "1").build();
    }

    @GET
    public List<ProductView> all() {
        List<Product> products = catalog.all();
        Map<String, Integer> available = inventory.available(products.stream().map(product -> product.sku).toList());
        return products.stream().map(product -> view(product, available)).toList();
    }

    @GET
    @Path("/{sku}")
    public ProductView one(@PathParam("sku") String sku) {
        Product product = catalog.find(sku).orElseThrow(() -> new NotFoundException("No product " + sku));
        return view(product, inventory.available(List.of(sku)));
    }

    private static ProductView view(Product product, Map<String, Integer> available) {
        return new ProductView(product.sku, product.name, product.price, available.getOrDefault(product.sku, product.stock));
    }

    private static void validate(String sku, ProductChange change) {
        List<FieldError> errors = new ArrayList<>();
        if (!SKU.matcher(sku).matches()) {
            errors.add(new FieldError("sku", "must be 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        if (change == null) {
            throw InvalidRequestException.invalid(List.of(new FieldError("body", "a JSON object is required")));
        }
        if (change.name() == null || change.name().isBlank() || change.name().length() > 200) {
            errors.add(new FieldError("name", "is required, at most 200 characters"));
        }
        if (change.price() == null || change.price().signum() < 0 || change.price().compareTo(MAX_PRICE) >= 0
                || change.price().scale() > 2) {
            errors.add(new FieldError("price", "is required: 0 or more, below 1000000000, at most 2 decimals"));
        }
        if (change.stock() == null || change.stock() < 0) {
            errors.add(new FieldError("stock", "is required: 0 or more"));
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.invalid(errors);
        }
    }
}
