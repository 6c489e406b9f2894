package io.xloud.core.db;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import org.h2.engine.Session;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

import javax.sql.DataSource;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * The embedded H2's connections, made durable per commit. H2 on its own keeps commits in memory and writes them to
 * its file later (WRITE_DELAY), and even then leaves them in the operating system's cache, so a crash or a power
 * loss could lose an acknowledged write. Through this data source, a commit of a transaction that wrote, and a
 * write in autocommit mode, return only after a write of the store's changes to the file and an fsync of it, both
 * started after the commit; concurrent committers share them ({@link GroupCommit}). Reads pay nothing. Covers
 * every path to the database: Jdbi's transactions and single statements, Flyway, plain JDBC.
 */
final class DurableDataSource
        implements DataSource, AutoCloseable
{
    // a query that changes data, e.g. SELECT ... FROM FINAL TABLE (INSERT ...), counts as a write; a row lock
    // (SELECT ... FOR UPDATE) changes nothing and does not
    private static final Pattern CHANGES_DATA = Pattern.compile("(?i)\\b(insert|update|delete|merge|create|alter|drop|truncate)\\b");
    private static final Pattern ROW_LOCK = Pattern.compile("(?i)\\bfor\\s+(no\\s+key\\s+)?update\\b");
    // a statement that changes rows only, so that a count of 0 means nothing changed (DDL answers 0 too)
    private static final Pattern ROWS_ONLY = Pattern.compile("(?is)\\s*(insert|update|delete|merge)\\b.*");
    /** Whether a statement's text may change data, by text: the same few hundred statements run again and again. */
    private static final LoadingCache<String, Boolean> MAY_CHANGE = Caffeine.newBuilder()
            .maximumSize(4096)
            .build(text -> CHANGES_DATA.matcher(ROW_LOCK.matcher(text).replaceAll(" ")).find());
    private static final LoadingCache<String, Boolean> CHANGES_ROWS_ONLY = Caffeine.newBuilder()
            .maximumSize(4096)
            .build(text -> ROWS_ONLY.matcher(text).matches());

    private final DataSource pool;
    private final GroupCommit groupCommit = new GroupCommit();
    // grows after each durable commit of a write: what was read before it may be out of date
    private final AtomicLong changes = new AtomicLong();
    // the fsync runs on a thread of its own: an interrupted committer's FileChannel.force would close H2's file
    private final ExecutorService syncThread = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("xloud-db-sync").factory());

    DurableDataSource(DataSource pool)
    {
        this.pool = requireNonNull(pool, "pool is null");
    }

    GroupCommit groupCommit()
    {
        return groupCommit;
    }

    /** How many writes were committed through this data source so far: any change of data makes it grow. */
    long changes()
    {
        return changes.get();
    }

    @Override
    public Connection getConnection()
            throws SQLException
    {
        return durable(pool.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password)
            throws SQLException
    {
        return durable(pool.getConnection(username, password));
    }

    private Connection durable(Connection connection)
    {
        DurableConnection handler = new DurableConnection(connection);
        handler.proxy = (Connection) Proxy.newProxyInstance(DurableDataSource.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
        return handler.proxy;
    }

    /** Forces the database file to disk: everything H2 wrote to it before this call survives a power loss. */
    private void syncFile(Connection connection)
            throws SQLException
    {
        Session session = connection.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local)) {
            // an H2 server in another process: its documented statement for the same
            try (Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT SYNC");
            }
            return;
        }
        // one chunk with every change committed so far (many commits' when they wait together), then the store's
        // FileChannel.force; no compaction
        MVStore store = local.getDatabase().getStore().getMvStore();
        Future<?> synced;
        try {
            synced = syncThread.submit(() -> {
                store.commit();
                store.sync();
            });
        }
        catch (RejectedExecutionException e) {
            throw new SQLException("the database is closed", e);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    synced.get();
                    return;
                }
                catch (InterruptedException e) {
                    // the write is committed: return only once it is durable
                    interrupted = true;
                }
                catch (ExecutionException e) {
                    throw new SQLException("cannot sync the database file: " + e.getCause().getMessage(), e.getCause());
                }
            }
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close()
    {
        syncThread.shutdown();
    }

    private final class DurableConnection
            implements InvocationHandler
    {
        private final Connection connection;
        private Connection proxy;
        // a write since the transaction began, not yet durable; a connection serves one thread at a time
        private boolean wrote;

        DurableConnection(Connection connection)
        {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args)
                throws Throwable
        {
            switch (method.getName()) {
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "commit" -> {
                    call(connection, method, args);
                    if (wrote) {
                        wrote = false;
                        sync();
                    }
                    return null;
                }
                case "setAutoCommit" -> {
                    // turning autocommit on commits the open transaction
                    boolean commits = (Boolean) args[0] && !connection.getAutoCommit();
                    call(connection, method, args);
                    if (commits && wrote) {
                        wrote = false;
                        sync();
                    }
                    return null;
                }
                case "rollback" -> {
                    if (args == null) {
                        wrote = false;
                    }
                    return call(connection, method, args);
                }
                case "close" -> {
                    // the pool rolls back what was left uncommitted
                    wrote = false;
                    return call(connection, method, args);
                }
                case "createStatement" -> {
                    return statement(call(connection, method, args), Statement.class, "");
                }
                case "prepareStatement" -> {
                    return statement(call(connection, method, args), PreparedStatement.class, (String) args[0]);
                }
                case "prepareCall" -> {
                    return statement(call(connection, method, args), CallableStatement.class, (String) args[0]);
                }
                default -> {
                    return call(connection, method, args);
                }
            }
        }

        private Object statement(Object statement, Class<?> type, String sql)
        {
            return Proxy.newProxyInstance(DurableDataSource.class.getClassLoader(), new Class<?>[] {type},
                    new DurableStatement(this, statement, sql));
        }

        /** A statement changed data: durable now in autocommit mode, else when the transaction commits. */
        void wrote()
                throws SQLException
        {
            if (connection.getAutoCommit()) {
                sync();
            }
            else {
                wrote = true;
            }
        }

        private void sync()
                throws SQLException
        {
            try {
                groupCommit.awaitSync(() -> syncFile(connection));
            }
            finally {
                // committed, durable or not: readers must not keep what they read before
                changes.incrementAndGet();
            }
        }
    }

    private record DurableStatement(DurableConnection connection, Object statement, String sql)
            implements InvocationHandler
    {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args)
                throws Throwable
        {
            String name = method.getName();
            switch (name) {
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "getConnection" -> {
                    return connection.proxy;
                }
                default -> {}
            }
            Object result = call(statement, method, args);
            if (name.startsWith("execute")) {
                String text = args != null && args.length > 0 && args[0] instanceof String given ? given : sql;
                boolean write = switch (name) {
                    case "executeQuery" -> MAY_CHANGE.get(text);
                    // false: an update count, which H2 keeps for the caller to read again
                    case "execute" -> (Boolean) result ? MAY_CHANGE.get(text)
                            : ((Statement) statement).getLargeUpdateCount() != 0 || !CHANGES_ROWS_ONLY.get(text);
                    // an UPDATE or DELETE that matched no row changed nothing: no sync (a lease claim that found no work)
                    case "executeUpdate", "executeLargeUpdate" -> ((Number) result).longValue() != 0 || !CHANGES_ROWS_ONLY.get(text);
                    // executeBatch, executeLargeBatch
                    default -> true;
                };
                if (write) {
                    connection.wrote();
                }
            }
            return result;
        }
    }

    private static Object call(Object target, Method method, Object[] args)
            throws Throwable
    {
        try {
            return method.invoke(target, args);
        }
        catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter()
            throws SQLException
    {
        return pool.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out)
            throws SQLException
    {
        pool.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds)
            throws SQLException
    {
        pool.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout()
            throws SQLException
    {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger()
            throws SQLFeatureNotSupportedException
    {
        return pool.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type)
            throws SQLException
    {
        return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type)
            throws SQLException
    {
        return type.isInstance(this) || pool.isWrapperFor(type);
    }
}
