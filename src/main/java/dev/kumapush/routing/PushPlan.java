package dev.kumapush.routing;

import dev.kumapush.kuma.KumaStatus;
import dev.kumapush.kuma.Monitor;

/**
 * One push to make for a webhook.
 *
 * @param monitor where to
 * @param status  up or down, after the monitor's mode
 * @param msg     the short message Kuma shows
 */
public record PushPlan(Monitor monitor, KumaStatus status, String msg) {
}
