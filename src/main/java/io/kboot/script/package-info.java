/**
 * The scripts kboot runs on hosts: their text comes from {@code templates/**&#47;*.sh} with
 * placeholders filled with shell-quoted words ({@link io.kboot.script.ShellTemplate}); a read-only
 * query prints {@code key=value} lines, parsed by one parser ({@link io.kboot.script.KeyValues});
 * a change runs under one of two failure policies ({@link io.kboot.script.ChangeScript.Policy}).
 */
package io.kboot.script;
