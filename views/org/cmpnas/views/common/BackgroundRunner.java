package org.cmpnas.views.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * Short background work for the views, such as reading the run store: done off the UI thread so the
 * window never stalls on a slow disk, and never on the engine thread, where it would wait behind a
 * training job. Results and failures arrive on the UI thread.
 */
public interface BackgroundRunner {

    <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure);
}
