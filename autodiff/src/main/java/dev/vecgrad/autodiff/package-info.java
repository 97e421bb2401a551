/**
 * Reverse-mode automatic differentiation: a define-by-run tape of nodes, each op with its
 * forward and backward rule side by side, and a gradient checker.
 */
package dev.vecgrad.autodiff;
