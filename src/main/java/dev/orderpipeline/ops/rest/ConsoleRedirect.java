package dev.orderpipeline.ops.rest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;

/** {@code /ops} answers with a redirect to {@code /ops/}, where the console's page and its relative links resolve. */
@ApplicationScoped
class ConsoleRedirect {

    void route(@Observes Router router) {
        router.get("/ops").handler(context -> {
            if (context.request().path().equals("/ops")) {
                context.response().setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/ops/").end();
            } else {
                context.next();
            }
        });
    }
}
