/** The runtime's public entry points: {@link realizar.runtime.Realizar} opens models and generates. */
package realizar.runtime;
