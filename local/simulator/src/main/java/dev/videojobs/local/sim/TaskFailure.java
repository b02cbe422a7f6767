package dev.videojobs.local.sim;

/** Why a task ended failed; the message becomes the provider's error / task_status_msg. */
final class TaskFailure extends Exception {
    private static final long serialVersionUID = 1L;

    TaskFailure(String message) {
        super(message, null, false, false);
    }
}
