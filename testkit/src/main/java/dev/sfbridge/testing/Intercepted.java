package dev.sfbridge.testing;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.SdkRequest;

/**
 * An SDK client that passes every call to a real one, with a hook around the operations a test chooses
 * (named by their request type: each operation has its own). Exceptions from the real client surface
 * unchanged; {@code close()} leaves the real client open, as it belongs to the caller. Calls made with a
 * request builder go through the interface's own default method, so they meet the same hooks.
 */
public final class Intercepted<C extends SdkClient> {
    /** What runs instead of one operation: {@code real} sends a request to the real client. */
    @FunctionalInterface
    public interface Around<Q, R> {
        R call(Q request, Function<Q, R> real);
    }

    private final Class<C> api;
    private final C real;
    private final Map<Class<?>, Around<Object, Object>> hooks = new ConcurrentHashMap<>();
    private volatile Around<Object, Object> otherwise;

    private Intercepted(Class<C> api, C real) {
        this.api = api;
        this.real = real;
    }

    public static <C extends SdkClient> Intercepted<C> of(Class<C> api, C real) {
        return new Intercepted<>(api, real);
    }

    /** Runs {@code around} instead of the operation that takes {@code request}. */
    @SuppressWarnings("unchecked")
    public <Q extends SdkRequest, R> Intercepted<C> around(Class<Q> request, Around<Q, R> around) {
        hooks.put(request, (Around<Object, Object>) (Around<?, ?>) around);
        return this;
    }

    /** Runs {@code around} instead of every operation that has no hook of its own: to count or time all of them. */
    @SuppressWarnings("unchecked")
    public Intercepted<C> aroundEvery(Around<SdkRequest, Object> around) {
        otherwise = (Around<Object, Object>) (Around<?, ?>) around;
        return this;
    }

    /** Runs {@code hook} before the operation; an exception it throws is the operation's. */
    public <Q extends SdkRequest> Intercepted<C> before(Class<Q> request, Consumer<? super Q> hook) {
        return around(request, (Q sent, Function<Q, Object> real) -> {
            hook.accept(sent);
            return real.apply(sent);
        });
    }

    /** Runs {@code hook} once the real client has answered the operation (not when it failed). */
    public <Q extends SdkRequest> Intercepted<C> after(Class<Q> request, Consumer<? super Q> hook) {
        return around(request, (Q sent, Function<Q, Object> real) -> {
            Object response = real.apply(sent);
            hook.accept(sent);
            return response;
        });
    }

    public C client() {
        return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[] {api}, this::invoke));
    }

    private Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "intercepted " + real;
            };
        }
        if (method.getName().equals("close") && method.getParameterCount() == 0) {
            return null;
        }
        if (method.isDefault() && args != null && args.length == 1 && args[0] instanceof Consumer<?>) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        Around<Object, Object> hook = args != null && args.length == 1 && args[0] instanceof SdkRequest request
                ? hooks.getOrDefault(request.getClass(), otherwise) : null;
        return hook == null ? send(method, args) : hook.call(args[0], request -> unchecked(method, request));
    }

    private Object unchecked(Method method, Object request) {
        try {
            return send(method, new Object[] {request});
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private Object send(Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
