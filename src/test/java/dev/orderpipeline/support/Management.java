package dev.orderpipeline.support;

import org.eclipse.microprofile.config.ConfigProvider;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

/**
 * The management interface of the application under test: {@code /q/health/*} and {@code /q/metrics} answer on
 * their own port, never on the public HTTP port; tests bind it to a free port and read the bound one here.
 */
public final class Management {

    private Management() {
    }

    /** A REST Assured request to the management interface. */
    public static RequestSpecification management() {
        return RestAssured.given().port(port());
    }

    /** The port the management interface listens on in this test run. */
    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }
}
