package dev.orderpipeline.messaging;

import dev.orderpipeline.messaging.FailureClassifier;
import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;

import org.junit.jupiter.api.Test;

/** Which failures mean "the database is out of reach" (wait, 503) rather than "this message is bad". */
class FailureClassifierTest {

    @Test
    void shouldSeeAPoolAcquisitionTimeoutAsTheDatabaseBeingUnavailable() {
        SQLException timeout = new SQLException("Sorry, acquisition timeout!");
        timeout.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("io.agroal.pool.ConnectionPool", "handlerFromSharedCache", "ConnectionPool.java", 1) });
        RuntimeException wrapped = new RuntimeException("Unable to acquire JDBC Connection", timeout);

        assertThat(FailureClassifier.isDatabaseUnavailable(wrapped)).isTrue();
    }

    @Test
    void shouldSeeACommitCutOffByAShutdownAsTheDatabaseBeingUnavailable() {
        RuntimeException commit = new RuntimeException("ARJUNA016053: Could not commit transaction.");
        commit.addSuppressed(new IllegalStateException("Error trying to commit",
                new SQLException("terminating connection due to administrator command", "57P01")));

        assertThat(FailureClassifier.isDatabaseUnavailable(commit)).isTrue();
    }

    @Test
    void shouldNotTakeABadStatementForAnOutage() {
        SQLException tooLong = new SQLException("value too long for type character varying(200)", "22001");

        assertThat(FailureClassifier.isDatabaseUnavailable(new RuntimeException(tooLong))).isFalse();
        assertThat(FailureClassifier.isTransient(new RuntimeException(tooLong))).isFalse();
    }

    @Test
    void shouldRetryDeadlocksAndSerializationFailures() {
        assertThat(FailureClassifier.isTransient(new RuntimeException(new SQLException("deadlock", "40P01")))).isTrue();
        assertThat(FailureClassifier.isTransient(new RuntimeException(new SQLException("serialization", "40001")))).isTrue();
    }
}
