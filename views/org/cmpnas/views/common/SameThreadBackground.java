package org.cmpnas.views.common;

import java.util.concurrent.Callable;
import java.util.function.Consumer;

/** Runs background work at once on the calling thread: ViewModel tests need no threads and no window. */
public final class SameThreadBackground implements BackgroundRunner {

    @Override
    public <T> void run(Callable<T> work, Consumer<? super T> onSuccess, Consumer<Throwable> onFailure) {
        T result;
        try {
            result = work.call();
        } catch (Exception e) {
            onFailure.accept(e);
            return;
        }
        onSuccess.accept(result);
    }
}
