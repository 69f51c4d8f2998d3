/** Test utilities shared across modules through the core test-jar: gradient checks, tolerances. */
package org.scaledql.core.testing;
