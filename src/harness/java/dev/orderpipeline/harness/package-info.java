/** Process and JDBC helpers shared by the out-of-process harnesses (bench, faults); no tests live here. */
package dev.orderpipeline.harness;
