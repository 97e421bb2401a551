/**
 * Model files: {@link dev.vecgrad.layers.io.ModelFile} (the format, atomic saving, defensive
 * loading), the layers' configurations ({@link dev.vecgrad.layers.io.LayerConfigs}), and the
 * one exception a damaged file raises ({@link dev.vecgrad.layers.io.ModelFileException}).
 */
package dev.vecgrad.layers.io;
