package dev.sfbridge.erp;

/** Credentials that hand out {@code before} until the first reload and {@code after} from then on, counting reloads. */
final class SwitchingCredentials implements ErpCredentials {
    private final ErpSecret before;
    private final ErpSecret after;
    private int reloads;

    SwitchingCredentials(ErpSecret before, ErpSecret after) {
        this.before = before;
        this.after = after;
    }

    @Override
    public synchronized ErpSecret current() {
        return reloads == 0 ? before : after;
    }

    @Override
    public synchronized ErpSecret reload(ErpSecret refused) {
        reloads++;
        return after;
    }

    synchronized int reloads() {
        return reloads;
    }
}
