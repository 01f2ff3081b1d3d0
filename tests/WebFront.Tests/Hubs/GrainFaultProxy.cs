using System.Reflection;
using System.Runtime.ExceptionServices;
using Vibe.Actors;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>A grain reference that passes calls on unless <see cref="GrainFaults"/> says this one fails.</summary>
#pragma warning disable CA1852 // DispatchProxy derives its proxies from this class.
internal class GrainFaultProxy : DispatchProxy
#pragma warning restore CA1852
{
    private static readonly MethodInfo FailAfterMethod = typeof(GrainFaultProxy).GetMethod(nameof(FailAfter), BindingFlags.NonPublic | BindingFlags.Static)!;

    private Type _grain = null!;
    private object _target = null!;
    private GrainFaults _faults = null!;

    public void Attach(Type grain, object target, GrainFaults faults)
    {
        _grain = grain;
        _target = target;
        _faults = faults;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var fault = _faults.Next(_grain, targetMethod.Name);
        if (fault == GrainFaults.When.Before)
        {
            throw Lost(targetMethod);
        }

        object? result;
        try
        {
            result = targetMethod.Invoke(_target, args);
        }
        catch (TargetInvocationException invocation) when (invocation.InnerException is { } inner)
        {
            ExceptionDispatchInfo.Throw(inner);
            throw;
        }

        if (fault != GrainFaults.When.After)
        {
            return result;
        }

        var returnType = targetMethod.ReturnType;
        return returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>)
            ? FailAfterMethod.MakeGenericMethod(returnType.GetGenericArguments()[0]).Invoke(null, [result, Lost(targetMethod)])
            : FailAfter<bool>(((Task)result!).ContinueWith(static _ => true, TaskScheduler.Default), Lost(targetMethod));
    }

    private static async Task<T> FailAfter<T>(Task<T> call, Exception lost)
    {
        await call;
        throw lost;
    }

    private SiloUnavailableException Lost(MethodInfo method) =>
        new($"(injected by the test) The silo hosting this {_grain.Name} is unavailable; {method.Name} got no answer.");
}
