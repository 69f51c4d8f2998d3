/**
 * The paper's claims from one command ({@code ./scaledql reproduce}, docs/claims.md): the arms and claims, the
 * matrix of runs, the resumable orchestrator and the report.
 *
 * <p>Contents:
 * <ul>
 *   <li>{@link org.scaledql.examples.claims.Budget}: games, data, preset, seeds and sizes (tiny, small, full).</li>
 *   <li>{@link org.scaledql.examples.claims.Claims}, {@link org.scaledql.examples.claims.Arm},
 *       {@link org.scaledql.examples.claims.Claim}: the catalogue of arms and claims (a) to (j).</li>
 *   <li>{@link org.scaledql.examples.claims.Plan}: the deduplicated steps (data per seed, one run per arm and
 *       seed).</li>
 *   <li>{@link org.scaledql.examples.claims.ClaimsRunner}: runs a plan, resumably, several steps at a time.</li>
 *   <li>{@link org.scaledql.examples.claims.RunResult}: a run's {@code result.json}.</li>
 *   <li>{@link org.scaledql.examples.claims.ClaimsReport}: intervals, probability of improvement, verdicts,
 *       report and plots.</li>
 * </ul>
 */
package org.scaledql.examples.claims;
